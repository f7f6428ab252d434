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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A head-to-head benchmark in its folder: the plan ({@code bench.json}), one folder per run, and
 * the results, rewritten after every run so that an interrupted benchmark still has its table.
 */
public final class Bench {

    /** The file that holds the plan; a resumed benchmark must have the same. */
    public static final String PLAN = "bench.json";

    /** The plan's record of each entry's steps, fixed before any run starts. */
    static final String STEPS = "steps";

    /** The plan's key of the decoder mask every pre-training run uses. */
    static final String DECODER_MASK = "decoder_mask";

    /** The plan's decoder mask when the decoder reconstructs every hidden token. */
    public static final String NO_DECODER_MASK = "none";

    private final Path dir;
    private final BenchSettings settings;
    private final BenchRunner.Arguments arguments;
    private final int threads;
    private final Map<String, Object> plan;
    private final BenchProgress progress;
    private StepPlan steps;

    /** How a benchmark ended: its table, and how many of its runs failed. */
    public record Outcome(String markdown, int runs, int failed) {
    }

    /**
     * Creates the benchmark.
     *
     * @param arguments the command-line arguments every phase gets
     * @param preset the preset's name, for the plan
     * @param threads the native threads of each phase's process
     * @param err where progress goes
     * @param terminal whether {@code err} is a terminal that can redraw a line
     */
    public Bench(Path dir, BenchSettings settings, BenchRunner.Arguments arguments, String preset, int threads,
            PrintWriter err, boolean terminal) {
        this(dir, settings, arguments, preset, NO_DECODER_MASK, threads, err, terminal);
    }

    /**
     * Creates the benchmark whose pre-training runs all use one decoder mask.
     *
     * @param decoderMask the decoder mask, {@code strategy:ratio}, or {@link #NO_DECODER_MASK}
     */
    public Bench(Path dir, BenchSettings settings, BenchRunner.Arguments arguments, String preset, String decoderMask,
            int threads, PrintWriter err, boolean terminal) {
        this.dir = dir;
        this.settings = settings;
        this.arguments = arguments;
        this.threads = threads;
        this.progress = new BenchProgress(err, terminal, settings.runs().size());
        plan = new LinkedHashMap<>();
        plan.put("preset", preset);
        plan.put("runs", settings.entries().stream().map(BenchSettings.Entry::toString).toList());
        plan.put(DECODER_MASK, decoderMask);
        plan.put("seeds", settings.seeds());
        plan.put("control", settings.control());
        plan.put("pretrain_steps", settings.pretrainSteps());
        plan.put("budget", settings.budget() == null ? null : settings.budget().toString());
        plan.put("eval", settings.evaluation().configName());
        plan.put("enrichment_window", settings.enrichmentWindow());
        // The losses of a step depend on the native threads that computed it (docs/benchmarking.md).
        plan.put("threads_per_phase", threads);
        plan.put("arguments", arguments.all());
    }

    /**
     * Writes the plan of a new benchmark, or checks that a resumed one has the same, and fixes
     * each entry's pre-training steps: from the budget, measured now (minutes) or counted (GFLOP),
     * or, resuming a benchmark whose budget is in minutes, as its plan recorded them.
     *
     * @param flops the analytic FLOP count of an entry's training step
     * @throws UsageException when a new benchmark would overwrite an old one, there is nothing to
     *     resume, or the plan differs from the one being resumed
     */
    public void start(boolean resume, StepPlanner.FlopCount flops) {
        Path file = dir.resolve(PLAN);
        StepPlanner planner = new StepPlanner(settings, flops,
                new PerfStepTimer(dir, arguments, settings, threads, progress::note), progress::note);
        ObjectMapper json = new ObjectMapper();
        if (resume) {
            JsonNode earlier = RunFolderReader.readJson(file);
            if (earlier == null) {
                throw new UsageException("Nothing to resume: " + dir + " holds no benchmark (" + PLAN + " missing)");
            }
            JsonNode now = json.valueToTree(plan);
            for (Iterator<String> keys = now.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                compare(key, now.get(key), earlier.get(key));
            }
            StepPlan recorded = StepPlan.fromJson(earlier.get(STEPS));
            if (settings.budget() != null && settings.budget().timed()) {
                if (recorded == null) {
                    throw new UsageException("Benchmark " + dir + ": " + PLAN + " records no steps for its budget; "
                            + "start it anew with another --out");
                }
                // The steps measured at the start, not measured again: they must not change.
                steps = recorded;
            } else {
                steps = planner.plan();
                compare(STEPS, json.valueToTree(steps.json()), earlier.get(STEPS));
            }
            plan.put(STEPS, steps.json());
            return;
        }
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new UsageException("Output folder " + dir + " is not empty" + (Files.exists(file)
                    ? " (it holds a benchmark); continue it with --resume, or choose another --out"
                    : "; choose another --out"));
        }
        steps = planner.plan();
        plan.put(STEPS, steps.json());
        RunFolder.writeJson(file, plan);
    }

    private void compare(String key, JsonNode now, JsonNode earlier) {
        if (earlier == null && key.equals(DECODER_MASK)) {
            // A plan from before decoder masks had none.
            earlier = new ObjectMapper().valueToTree(NO_DECODER_MASK);
        }
        if (earlier == null) {
            throw new UsageException("Benchmark " + dir + " was started by an earlier adamae that did not record "
                    + key + ": start it anew with another --out");
        }
        // Compared as JSON text: numbers read back from the file may be of another width.
        if (!now.toString().equals(earlier.toString())) {
            String hint = key.equals("threads_per_phase") ? " (set adamae.bench.threads-per-phase=" + earlier + ")" : "";
            throw new UsageException("Benchmark " + dir + " was started with " + key + " " + earlier
                    + ", this command gives " + now + ": resume it with the same settings" + hint
                    + ", or choose another --out");
        }
    }

    /**
     * Runs (or skips, when finished) every run, writing the results after each.
     *
     * @param effectiveRatio the share of the tokens a run's strategy really hides at its ratio on
     *     the preset's grid, shown beside the requested ratio; computed here, never part of the plan
     */
    public Outcome run(Function<BenchRun, Double> effectiveRatio) {
        if (steps == null) {
            throw new IllegalStateException("start the benchmark first");
        }
        long started = System.nanoTime();
        int runs = settings.runs().size();
        String control = settings.control() ? " and the control" : "";
        String stepText = settings.budget() == null ? steps.maxSteps() + " pre-training steps each"
                : "pre-training steps from the " + settings.budget() + " budget: " + steps.items().stream()
                        .map(item -> item.run() + " " + item.steps()).collect(Collectors.joining(", "));
        progress.note(String.format("bench: %d runs (%d strategies%s, each with %d seed%s), %s, then %s; %d at once, "
                        + "%d threads each -> %s", runs, settings.entries().size(), control, settings.seeds().size(),
                settings.seeds().size() == 1 ? "" : "s",
                stepText, settings.evaluation().configName(), settings.parallel(), threads, dir));
        Map<String, Object> shown = new LinkedHashMap<>(plan);
        shown.put("baseline", settings.baseline());
        shown.put("parallel", settings.parallel());
        BenchRunner runner = new BenchRunner(settings, dir, arguments, progress, steps, threads);
        String[] markdown = {""};
        List<RunResult> results = runner.runAll(done -> markdown[0] = BenchReport.write(dir, shown, settings, done,
                (System.nanoTime() - started) / 1e9, effectiveRatio::apply));
        int failed = (int) results.stream().filter(result -> !result.ok()).count();
        return new Outcome(markdown[0], runs, failed);
    }

    /** Tells whether {@code dir} is empty, or holds only the measurements of a start that failed before its plan. */
    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            // The lock this process holds on the folder (RunFolder.lock) does not count.
            List<Path> all = entries.filter(entry -> !entry.getFileName().toString().equals(RunFolder.LOCK)).toList();
            if (all.size() == 1 && all.get(0).getFileName().toString().equals(PerfStepTimer.FOLDER)) {
                BenchRunner.deleteTree(all.get(0));
                return true;
            }
            return all.isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
