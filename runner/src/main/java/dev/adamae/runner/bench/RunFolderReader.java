package dev.adamae.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a benchmark run left in its folder: the pre-training summary and metrics, the
 * evaluation's results and the bench's own record of the run ({@code run.json}).
 */
final class RunFolderReader {

    static final String PRETRAIN = "pretrain";
    static final String RECORD = "run.json";
    static final String SUMMARY = "summary.json";
    static final String RESULTS = "results.json";
    static final String METRICS = "metrics.jsonl";
    static final String TIMING = "timing";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFolderReader() {
    }

    /**
     * Reads the run in {@code dir}.
     *
     * @param evaluation names the folder of its evaluation phase
     * @param gflopPerStep the analytic GFLOP of one of its pre-training steps, or {@code null} when not counted
     */
    /** The decoder mask a pre-training summary records: {@code strategy:ratio}, {@code none}, or {@code null} without a summary. */
    private static String decoderMask(JsonNode summary) {
        if (summary == null) {
            return null;
        }
        JsonNode decoder = summary.get("decoder_mask");
        return decoder == null || decoder.isNull() ? "none"
                : decoder.path("strategy").asText() + ":" + BenchRun.ratioText(decoder.path("ratio").asDouble());
    }

    static RunResult read(Path dir, BenchRun run, BenchSettings.Evaluation evaluation, double enrichmentWindow,
            Double gflopPerStep) {
        JsonNode record = readJson(dir.resolve(RECORD));
        String status = record == null ? RunResult.PENDING : record.path("status").asText(RunResult.PENDING);
        JsonNode summary = readJson(dir.resolve(PRETRAIN).resolve(SUMMARY));
        JsonNode results = evaluation == BenchSettings.Evaluation.NONE ? null
                : readJson(dir.resolve(evaluation.configName()).resolve(RESULTS));
        List<JsonNode> steps = readLines(dir.resolve(PRETRAIN).resolve(METRICS));
        List<double[]> curve = new ArrayList<>();
        double stepMillis = 0;
        for (JsonNode step : steps) {
            if (step.hasNonNull("step") && step.hasNonNull("loss")) {
                curve.add(new double[] {step.get("step").asDouble(), step.get("loss").asDouble()});
            }
            stepMillis += step.path("ms").asDouble(0);
        }
        Integer pretrainSteps = run.isControl() ? Integer.valueOf(0)
                : summary == null ? null : Integer.valueOf(summary.path("steps").asInt());
        Double gflop = pretrainSteps == null || gflopPerStep == null ? null
                : Math.round(pretrainSteps * gflopPerStep * 1e4) / 1e4;
        Map<String, Object> timing = new LinkedHashMap<>();
        if (summary != null && summary.has(TIMING)) {
            timing.put(PRETRAIN, JSON.convertValue(summary.get(TIMING), Map.class));
        }
        if (results != null && results.has(TIMING)) {
            timing.put(evaluation.configName(), JSON.convertValue(results.get(TIMING), Map.class));
        }
        return new RunResult(run, status, text(record, "failed_phase"), text(record, "reason"), pretrainSteps,
                number(summary, "final_loss"), number(summary, "ms_per_step_median"), number(summary, "clips_per_s"),
                number(summary, "peak_rss_mb"), number(summary, "offheap_peak_mb"), number(results, "top1"),
                number(results, "top5"), tailMean(steps, "fg_enrichment", enrichmentWindow),
                tailMean(steps, "fg_enrichment_p", enrichmentWindow), curve,
                run.isControl() ? Double.valueOf(0) : number(record, "pretrain_seconds"), number(record, "eval_seconds"),
                gflop, run.isControl() ? Double.valueOf(0) : steps.isEmpty() ? null : Math.round(stepMillis / 100) / 10.0,
                results != null && results.path("classes").isArray() ? Integer.valueOf(results.get("classes").size())
                        : null, timing, decoderMask(summary));
    }

    /** Returns the mean of {@code field} over the last {@code share} of the steps, or {@code null} when absent. */
    static Double tailMean(List<JsonNode> steps, String field, double share) {
        int count = (int) Math.ceil(steps.size() * share);
        double sum = 0;
        int found = 0;
        for (JsonNode step : steps.subList(steps.size() - count, steps.size())) {
            JsonNode value = step.get(field);
            if (value != null && value.isNumber() && Double.isFinite(value.asDouble())) {
                sum += value.asDouble();
                found++;
            }
        }
        return found == 0 ? null : Math.round(sum / found * 1e4) / 1e4;
    }

    /** Returns the JSON object in {@code file}, or {@code null} when there is none. */
    static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            // A half-written file of an interrupted run counts as absent: its phase runs again.
            return null;
        }
    }

    /** Returns the JSON objects of a {@code .jsonl} file, skipping a last line cut short by a kill. */
    static List<JsonNode> readLines(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return lines;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    // A line cut short by a kill.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return lines;
    }

    private static Double number(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field) || !node.get(field).isNumber()) {
            return null;
        }
        return node.get(field).asDouble();
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
    }
}
