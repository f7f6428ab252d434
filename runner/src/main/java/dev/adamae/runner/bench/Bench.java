package dev.adamae.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.train.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A head-to-head benchmark in its folder: the plan ({@code bench.json}), one folder per run, and
 * the results, rewritten after every run so that an interrupted benchmark still has its table.
 */
public final class Bench {

    /** The file that holds the plan; a resumed benchmark must have the same. */
    public static final String PLAN = "bench.json";

    private final Path dir;
    private final BenchSettings settings;
    private final BenchRunner.Arguments arguments;
    private final Map<String, Object> plan;
    private final PrintWriter err;
    private final boolean terminal;

    /** How a benchmark ended: its table, and how many of its runs failed. */
    public record Outcome(String markdown, int runs, int failed) {
    }

    /**
     * Creates the benchmark.
     *
     * @param arguments the command-line arguments every phase gets
     * @param preset the preset's name, for the plan
     * @param err where progress goes
     * @param terminal whether {@code err} is a terminal that can redraw a line
     */
    public Bench(Path dir, BenchSettings settings, BenchRunner.Arguments arguments, String preset, PrintWriter err,
            boolean terminal) {
        this.dir = dir;
        this.settings = settings;
        this.arguments = arguments;
        this.err = err;
        this.terminal = terminal;
        plan = new LinkedHashMap<>();
        plan.put("preset", preset);
        plan.put("runs", settings.entries().stream().map(entry -> new BenchRun(entry.strategy(), entry.ratio(), 0).entry())
                .toList());
        plan.put("seeds", settings.seeds());
        plan.put("pretrain_steps", settings.pretrainSteps());
        plan.put("eval", settings.evaluation().configName());
        plan.put("enrichment_window", settings.enrichmentWindow());
        plan.put("arguments", arguments.all());
    }

    /**
     * Writes the plan of a new benchmark, or checks that a resumed one has the same.
     *
     * @throws UsageException when a new benchmark would overwrite an old one, there is nothing to
     *     resume, or the plan differs from the one being resumed
     */
    public void start(boolean resume) {
        Path file = dir.resolve(PLAN);
        ObjectMapper json = new ObjectMapper();
        if (resume) {
            JsonNode earlier = RunFolderReader.readJson(file);
            if (earlier == null) {
                throw new UsageException("Nothing to resume: " + dir + " holds no benchmark (" + PLAN + " missing)");
            }
            JsonNode now = json.valueToTree(plan);
            for (Iterator<String> keys = now.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                // Compared as JSON text: numbers read back from the file may be of another width.
                if (!now.get(key).toString().equals(String.valueOf(earlier.get(key)))) {
                    throw new UsageException("Benchmark " + dir + " was started with " + key + " " + earlier.get(key)
                            + ", this command gives " + now.get(key) + ": resume it with the same settings, or choose "
                            + "another --out");
                }
            }
            return;
        }
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new UsageException("Output folder " + dir + " is not empty" + (Files.exists(file)
                    ? " (it holds a benchmark); continue it with --resume, or choose another --out"
                    : "; choose another --out"));
        }
        RunFolder.writeJson(file, plan);
    }

    /** Runs (or skips, when finished) every run, writing the results after each. */
    public Outcome run() {
        int runs = settings.runs().size();
        BenchProgress progress = new BenchProgress(err, terminal, runs);
        progress.note(String.format("bench: %d runs (%d strategies x %d seeds), %d pre-training steps each, then %s -> %s",
                runs, settings.entries().size(), settings.seeds().size(), settings.pretrainSteps(),
                settings.evaluation().configName(), dir));
        BenchRunner runner = new BenchRunner(settings, dir, arguments, progress);
        String[] markdown = {""};
        List<RunResult> results = runner.runAll(done -> markdown[0] = BenchReport.write(dir, plan, settings, done));
        int failed = (int) results.stream().filter(result -> !result.ok()).count();
        return new Outcome(markdown[0], runs, failed);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
