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
import java.util.List;
import java.util.Locale;

/**
 * Runs {@code adamae perf} once per strategy and ratio, each in a JVM of its own so that peak
 * memory is that run's alone, and prints the reports side by side.
 */
final class PerfComparison {

    private static final List<String> COLUMNS = List.of("ms_per_step_median", "clips_per_s", "gflops_per_s",
            "visible_tokens", "decoded_tokens", "parameters", "peak_rss_mb", "offheap_peak_mb");

    private final List<String> runs;
    private final List<String> sharedArguments;
    private final Console console;

    PerfComparison(List<String> runs, List<String> sharedArguments, Console console) {
        this.runs = runs;
        this.sharedArguments = sharedArguments;
        this.console = console;
    }

    int run() {
        List<JsonNode> reports = new ArrayList<>();
        List<Run> parsed = runs.stream().map(Run::parse).toList();
        for (Run run : parsed) {
            console.err().printf("perf: measuring %s%n", run);
            console.err().flush();
            reports.add(measure(run));
        }
        StringBuilder header = new StringBuilder(String.format("%-36s", "strategy"));
        COLUMNS.forEach(column -> header.append(String.format("%20s", column)));
        console.out().println(header);
        for (JsonNode report : reports) {
            String decoder = report.path("decoder_mask").asText("none");
            StringBuilder line = new StringBuilder(String.format("%-36s",
                    report.get("strategy").asText() + " " + report.get("ratio").asText()
                            + ("none".equals(decoder) ? "" : " / " + decoder.replace(':', ' '))));
            for (String column : COLUMNS) {
                line.append(String.format(Locale.ROOT, "%20s", report.get(column).asText()));
            }
            console.out().println(line);
        }
        console.out().flush();
        return 0;
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
