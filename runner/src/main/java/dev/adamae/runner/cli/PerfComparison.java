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
            "visible_tokens", "parameters", "peak_rss_mb", "offheap_peak_mb");

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
        for (String run : runs) {
            String[] parts = run.split(":");
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new UsageException("--compare " + run + ": expected strategy:ratio, e.g. tube:0.9");
            }
            console.err().printf("perf: measuring %s at ratio %s%n", parts[0], parts[1]);
            console.err().flush();
            reports.add(measure(parts[0], parts[1]));
        }
        StringBuilder header = new StringBuilder(String.format("%-22s", "strategy"));
        COLUMNS.forEach(column -> header.append(String.format("%20s", column)));
        console.out().println(header);
        for (JsonNode report : reports) {
            StringBuilder line = new StringBuilder(String.format("%-22s",
                    report.get("strategy").asText() + " " + report.get("ratio").asText()));
            for (String column : COLUMNS) {
                line.append(String.format(Locale.ROOT, "%20s", report.get(column).asText()));
            }
            console.out().println(line);
        }
        console.out().flush();
        return 0;
    }

    private JsonNode measure(String strategy, String ratio) {
        List<String> arguments = new ArrayList<>(List.of("perf", "--strategy", strategy, "--ratio", ratio, "--json"));
        arguments.addAll(sharedArguments);
        List<String> command = ChildJvm.command(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new RunFailedException("perf of " + strategy + " at " + ratio + " failed with exit code " + exit,
                        null);
            }
            return new ObjectMapper().readTree(output);
        } catch (IOException e) {
            throw new RunFailedException("perf of " + strategy + " at " + ratio + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("perf of " + strategy + " was interrupted", e);
        }
    }
}
