package dev.adamae.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-training steps of each entry of a benchmark and what one of its steps costs, fixed
 * before any run starts and recorded in the plan ({@code bench.json}), so that a budget gives
 * the same steps to every seed and to a resumed benchmark.
 *
 * @param items one per entry, in plan order
 */
public record StepPlan(List<Item> items) {

    /**
     * The steps of one entry.
     *
     * @param run the entry, {@code strategy:ratio}
     * @param steps its pre-training steps
     * @param gflopPerStep the analytic GFLOP of one of its training steps, or {@code null} when they cannot be counted
     * @param secondsPerStep the measured seconds of one of its steps, or {@code null} when not measured
     */
    public record Item(String run, int steps, Double gflopPerStep, Double secondsPerStep) {
    }

    public StepPlan {
        items = List.copyOf(items);
    }

    /** Returns the pre-training steps of {@code run}; 0 for the control. */
    public int steps(BenchRun run) {
        return run.isControl() ? 0 : item(run).steps();
    }

    /** Returns the GFLOP of one training step of {@code run}, or {@code null} when not counted; 0 for the control. */
    public Double gflopPerStep(BenchRun run) {
        return run.isControl() ? Double.valueOf(0) : item(run).gflopPerStep();
    }

    /** Tells whether every entry has the same steps (as without a budget). */
    public boolean equalSteps() {
        return items.stream().map(Item::steps).distinct().count() <= 1;
    }

    /** Returns the largest step count of an entry. */
    public int maxSteps() {
        return items.stream().mapToInt(Item::steps).max().orElse(0);
    }

    private Item item(BenchRun run) {
        return items.stream().filter(item -> item.run().equals(run.entry())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No steps planned for " + run.entry()));
    }

    /** Returns the plan as JSON fields, for {@code bench.json}. */
    public List<Map<String, Object>> json() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Item item : items) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", item.run());
            row.put("steps", item.steps());
            row.put("gflop_per_step", item.gflopPerStep());
            row.put("seconds_per_step", item.secondsPerStep());
            rows.add(row);
        }
        return rows;
    }

    /** Reads the plan back from {@code bench.json}'s {@code steps}, or returns {@code null} when it holds none. */
    static StepPlan fromJson(JsonNode rows) {
        if (rows == null || !rows.isArray()) {
            return null;
        }
        List<Item> items = new ArrayList<>();
        for (JsonNode row : rows) {
            items.add(new Item(row.path("run").asText(), row.path("steps").asInt(), number(row, "gflop_per_step"),
                    number(row, "seconds_per_step")));
        }
        return new StepPlan(items);
    }

    private static Double number(JsonNode row, String field) {
        return row.hasNonNull(field) && row.get(field).isNumber() ? row.get(field).asDouble() : null;
    }
}
