package dev.adamae.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.runner.Console;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.bench.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@code adamae perf} once per strategy and ratio, each in a JVM of its own so that peak
 * memory is that run's alone, and prints the reports side by side.
 *
 * <p>With several rounds, every run is measured once per round, the order reversed from one round
 * to the next (A B, B A, A B, ...), so that a drift in the machine's speed falls on every run
 * alike. A run's step time is then the median of its rounds, and its time against the first run's
 * is the median of the rounds' ratios, each taken between measurements next to each other in time;
 * memory is the highest peak of its rounds.
 */
final class PerfComparison {

    private static final List<String> COLUMNS = List.of("ms_per_step_median", "clips_per_s", "gflops_per_s",
            "visible_tokens", "decoded_tokens", "parameters", "peak_rss_mb", "offheap_peak_mb");

    /** Columns taken as the highest of the rounds; the others are medians. */
    private static final List<String> PEAKS = List.of("peak_rss_mb", "offheap_peak_mb");

    private final List<String> runs;
    private final List<String> sharedArguments;
    private final int rounds;
    private final boolean json;
    private final Console console;

    PerfComparison(List<String> runs, List<String> sharedArguments, int rounds, boolean json, Console console) {
        if (rounds < 1) {
            throw new UsageException("--rounds must be at least 1, got " + rounds);
        }
        this.runs = runs;
        this.sharedArguments = sharedArguments;
        this.rounds = rounds;
        this.json = json;
        this.console = console;
    }

    int run() {
        List<Run> parsed = runs.stream().map(Run::parse).toList();
        // measured.get(run).get(round): every run's report of every round.
        List<List<JsonNode>> measured = new ArrayList<>();
        parsed.forEach(run -> measured.add(new ArrayList<>(Collections.nCopies(rounds, null))));
        for (int round = 0; round < rounds; round++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                order.add(i);
            }
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (int i : order) {
                console.err().printf("perf: measuring %s%s%n", parsed.get(i),
                        rounds == 1 ? "" : " (round " + (round + 1) + " of " + rounds + ")");
                console.err().flush();
                measured.get(i).set(round, measure(parsed.get(i)));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            rows.add(row(measured.get(i), measured.get(0)));
        }
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("rounds", rounds);
            report.put("runs", rows);
            Reports.print(console, report, true, 0);
            return 0;
        }
        List<String> columns = new ArrayList<>(COLUMNS);
        columns.add(1, "vs_first");
        if (rounds > 1) {
            columns.add(1, "ms_per_step_range");
        }
        StringBuilder header = new StringBuilder(String.format("%-36s", "strategy"));
        columns.forEach(column -> header.append(String.format("%20s", column)));
        console.out().println(header);
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder(String.format("%-36s", row.get("run")));
            for (String column : columns) {
                Object value = row.get(column);
                line.append(String.format(Locale.ROOT, "%20s", value == null ? "-" : value));
            }
            console.out().println(line);
        }
        console.out().flush();
        return 0;
    }

    /**
     * One run's row: the medians of its rounds (the highest for memory), its step-time range, the
     * median of its rounds' time ratios to the first run, and every round's step time.
     */
    private Map<String, Object> row(List<JsonNode> reports, List<JsonNode> first) {
        JsonNode any = reports.get(0);
        String decoder = any.path("decoder_mask").asText("none");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run", any.get("strategy").asText() + " " + any.get("ratio").asText()
                + ("none".equals(decoder) ? "" : " / " + decoder.replace(':', ' ')));
        row.put("strategy", any.get("strategy").asText());
        row.put("ratio", any.get("ratio").asDouble());
        row.put("decoder_mask", decoder);
        List<Double> times = values(reports, "ms_per_step_median");
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < reports.size(); round++) {
            ratios.add(reports.get(round).get("ms_per_step_median").asDouble()
                    / first.get(round).get("ms_per_step_median").asDouble());
        }
        for (String column : COLUMNS) {
            if (reports.stream().anyMatch(report -> report.get(column) == null || report.get(column).isNull())) {
                row.put(column, null);
                continue;
            }
            List<Double> values = values(reports, column);
            double value = PEAKS.contains(column) ? values.get(values.size() - 1) : median(values);
            row.put(column, any.get(column).isIntegralNumber() ? (Object) Math.round(value) : (Object) round(value, 10));
        }
        row.put("ms_per_step_range", String.format(Locale.ROOT, "%.1f-%.1f", times.get(0), times.get(times.size() - 1)));
        row.put("vs_first", round(median(ratios), 1000));
        row.put("ms_per_step_by_round", reports.stream().map(r -> r.get("ms_per_step_median").asDouble()).toList());
        row.put("vs_first_by_round", ratios.stream().map(r -> round(r, 1000)).toList());
        return row;
    }

    /** The column's values over the rounds, sorted. */
    private static List<Double> values(List<JsonNode> reports, String column) {
        return reports.stream().map(report -> report.get(column).asDouble()).sorted().toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    /**
     * One run of the comparison: {@code strategy:ratio}, optionally followed by a decoder mask,
     * {@code /decoder:ratio}.
     */
    record Run(String strategy, String ratio, String decoder, String decoderRatio) {

        static Run parse(String text) {
            String[] halves = text.split("/", -1);
            if (halves.length > 2) {
                throw new UsageException("--compare " + text + ": expected strategy:ratio[/decoder:ratio], "
                        + "e.g. tube:0.9/running-cell:0.5");
            }
            String[] encoder = pair(text, halves[0]);
            String[] decoder = halves.length == 2 ? pair(text, halves[1]) : null;
            return new Run(encoder[0], encoder[1], decoder == null ? null : decoder[0],
                    decoder == null ? null : decoder[1]);
        }

        private static String[] pair(String text, String half) {
            String[] parts = half.split(":", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new UsageException("--compare " + text + ": expected strategy:ratio[/decoder:ratio], "
                        + "e.g. tube:0.9 or tube:0.9/running-cell:0.5");
            }
            return parts;
        }

        List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of("--strategy", strategy, "--ratio", ratio));
            if (decoder != null) {
                arguments.addAll(List.of("--decoder-strategy", decoder, "--decoder-ratio", decoderRatio));
            }
            return arguments;
        }

        @Override
        public String toString() {
            return strategy + " at ratio " + ratio + (decoder == null ? "" : " with decoder mask " + decoder
                    + " at ratio " + decoderRatio);
        }
    }

    private JsonNode measure(Run run) {
        String strategy = run.toString();
        List<String> arguments = new ArrayList<>(List.of("perf", "--json"));
        arguments.addAll(run.arguments());
        arguments.addAll(sharedArguments);
        List<String> command = ChildJvm.command(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new RunFailedException("perf of " + strategy + " failed with exit code " + exit, null);
            }
            return new ObjectMapper().readTree(output);
        } catch (IOException e) {
            throw new RunFailedException("perf of " + strategy + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("perf of " + strategy + " was interrupted", e);
        }
    }
}
