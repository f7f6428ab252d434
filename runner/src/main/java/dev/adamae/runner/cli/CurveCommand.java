package dev.adamae.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints a run's training curve: its metrics averaged over windows of steps. */
@Command(name = "curve", mixinStandardHelpOptions = true,
        description = "Prints the metrics.jsonl of a run as averages over windows of steps: losses, foreground "
                + "enrichment of the visible tokens and of a learned sampler's probabilities, step time.")
public final class CurveCommand implements Job {

    private static final List<String> COLUMNS =
            List.of("loss", "loss_rec", "loss_strategy", "fg_enrichment", "fg_enrichment_p", "ms");

    @Option(names = "--run", paramLabel = "DIR", required = true, description = "The output folder of a run.")
    Path run;

    @Option(names = "--window", paramLabel = "N", defaultValue = "50", description = "Steps per row (default: ${DEFAULT-VALUE}).")
    int window;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        return ConfigRequest.defaults();
    }

    @Override
    public Integer call() throws IOException {
        if (window < 1) {
            throw new UsageException("--window must be at least 1, got " + window);
        }
        Path metrics = run.resolve("metrics.jsonl");
        if (!Files.isRegularFile(metrics)) {
            throw new UsageException("Run " + run + ": no metrics.jsonl");
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> steps = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(metrics)) {
            lineNumber++;
            try {
                steps.add(json.readTree(line));
            } catch (IOException e) {
                throw new UsageException(metrics + ": line " + lineNumber + " is not JSON (" + e.getMessage() + ")");
            }
        }
        List<String> present = COLUMNS.stream().filter(c -> steps.stream().anyMatch(s -> s.has(c))).toList();
        StringBuilder header = new StringBuilder(String.format("%-11s", "steps"));
        present.forEach(column -> header.append(String.format("%16s", column)));
        console.out().println(header);
        for (int from = 0; from < steps.size(); from += window) {
            List<JsonNode> rows = steps.subList(from, Math.min(steps.size(), from + window));
            StringBuilder line = new StringBuilder(String.format("%-11s",
                    rows.get(0).path("step").asInt() + "-" + rows.get(rows.size() - 1).path("step").asInt()));
            for (String column : present) {
                double mean = rows.stream().filter(r -> r.has(column) && r.get(column).isNumber())
                        .mapToDouble(r -> r.get(column).asDouble()).average().orElse(Double.NaN);
                line.append(String.format(Locale.ROOT, "%16.4f", mean));
            }
            console.out().println(line);
        }
        console.out().flush();
        return 0;
    }
}
