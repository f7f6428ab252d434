package dev.adamae.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.train.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the phases of every benchmark run, each phase an {@code adamae} command in a JVM of its own:
 * pre-training, then the evaluation of its last checkpoint (the control: the evaluation alone, of
 * an encoder never pre-trained). Every run has a folder under {@code DIR/runs}; what a folder holds
 * tells which phases finished, so a resumed benchmark skips them and continues an interrupted
 * phase from its newest checkpoint. A failed phase marks its run failed, with the reason its
 * process gave, and the other runs go on.
 *
 * <p>Up to {@link BenchSettings#parallel()} runs are in flight at once, taken in plan order, each
 * of its phases in a process with the same number of native threads as in a serial benchmark
 * with the same {@code threads-per-phase}: a run's results do not depend on what runs beside it.
 */
public final class BenchRunner {

    /** The folder under the benchmark's folder that holds one folder per run. */
    public static final String RUNS = "runs";

    private final BenchSettings settings;
    private final Path out;
    private final Arguments arguments;
    private final BenchProgress progress;
    private final StepPlan steps;
    private final Map<String, String> environment;
    private final List<BenchRun> runs;
    private final Map<String, Double> secondsPerStep = new ConcurrentHashMap<>();
    private final List<Double> evalSeconds = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> notStarted = ConcurrentHashMap.newKeySet();

    /**
     * The command-line arguments the phases share.
     *
     * @param config the configuration options (preset, experiment files, settings, plugins folder)
     * @param data the arguments naming the training data, for pre-training and evaluation
     * @param evaluation the arguments only the evaluation takes (validation data, views)
     */
    public record Arguments(List<String> config, List<String> data, List<String> evaluation) {

        /** Returns every argument, in one list, as the benchmark's plan records them. */
        public List<String> all() {
            List<String> all = new ArrayList<>(config);
            all.addAll(data);
            all.addAll(evaluation);
            return all;
        }
    }

    /**
     * Creates the runner.
     *
     * @param steps the pre-training steps of each entry
     * @param threads the native threads of each phase's process
     */
    BenchRunner(BenchSettings settings, Path out, Arguments arguments, BenchProgress progress, StepPlan steps,
            int threads) {
        this.settings = settings;
        this.out = out;
        this.arguments = arguments;
        this.progress = progress;
        this.steps = steps;
        this.environment = ChildJvm.threads(threads);
        this.runs = settings.runs();
    }

    /**
     * Runs (or skips, when finished) every run and returns their results, in plan order, calling
     * {@code afterEachRun} on this thread with the results so far each time a run ends.
     */
    List<RunResult> runAll(Consumer<List<RunResult>> afterEachRun) {
        List<RunResult> results = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < runs.size(); i++) {
            results.add(read(runs.get(i)));
            if (!results.get(i).ok()) {
                notStarted.add(i);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(settings.parallel(), task -> {
            Thread thread = new Thread(task, "bench-phase");
            thread.setDaemon(true);
            return thread;
        });
        CompletionService<Integer> completed = new ExecutorCompletionService<>(pool);
        try {
            for (int i = 0; i < runs.size(); i++) {
                int index = i;
                completed.submit(() -> {
                    notStarted.remove(index);
                    results.set(index, runOne(index, runs.get(index)));
                    return index;
                });
            }
            for (int i = 0; i < runs.size(); i++) {
                completed.take().get();
                afterEachRun.accept(List.copyOf(results));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("The benchmark was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            // Interrupts the phases still in flight, whose processes are then stopped.
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return List.copyOf(results);
    }

    /** Returns the folder of {@code run}. */
    Path folder(BenchRun run) {
        return out.resolve(RUNS).resolve(run.id());
    }

    RunResult read(BenchRun run) {
        return RunFolderReader.read(folder(run), run, settings.evaluation(), settings.enrichmentWindow(),
                steps.gflopPerStep(run));
    }

    private RunResult runOne(int index, BenchRun run) {
        Path dir = folder(run);
        RunResult earlier = read(run);
        if (earlier.ok()) {
            progress.skipped(index + 1, run);
            return earlier;
        }
        createDirectories(dir);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("run", run.id());
        record.put("strategy", run.strategy());
        record.put("ratio", run.isControl() ? null : run.ratio());
        record.put("seed", run.seed());
        JsonNode old = RunFolderReader.readJson(dir.resolve(RunFolderReader.RECORD));
        double pretrainSeconds = old == null ? 0 : old.path("pretrain_seconds").asDouble(0);

        Path pretrain = dir.resolve(RunFolderReader.PRETRAIN);
        if (run.isControl()) {
            record.put("pretrain_seconds", 0.0);
        } else if (RunFolderReader.readJson(pretrain.resolve(RunFolderReader.SUMMARY)) == null) {
            int total = steps.steps(run);
            List<String> args = new ArrayList<>(List.of("pretrain", "--strategy", run.strategy(), "--ratio",
                    run.ratioText(), "--seed", Long.toString(run.seed()), "--steps", Integer.toString(total), "--out",
                    pretrain.toString()));
            args.addAll(arguments.config());
            args.addAll(arguments.data());
            boolean resume = continueOrClear(pretrain, args);
            BenchProgress.Phase shown = progress.phase(index + 1, run, "pretrain", resume ? "resuming" : "");
            Phase phase = launch(run, shown, true, args, dir.resolve("pretrain.log"), pretrain, total);
            pretrainSeconds += phase.seconds();
            record.put("pretrain_seconds", round(pretrainSeconds));
            if (phase.exitCode() != 0) {
                return failed(dir, run, record, "pretrain", phase, shown);
            }
            shown.done(String.format(Locale.ROOT, "finished in %s", BenchProgress.duration(phase.seconds())));
        } else {
            record.put("pretrain_seconds", round(pretrainSeconds));
        }

        if (settings.evaluation() != BenchSettings.Evaluation.NONE) {
            String name = settings.evaluation().configName();
            Path evaluation = dir.resolve(name);
            List<String> args = new ArrayList<>(List.of(name));
            if (run.isControl()) {
                args.add("--scratch");
            } else {
                Path checkpoint = new CheckpointStore(pretrain.resolve(RunFolder.CHECKPOINTS), 1).newest()
                        .orElseThrow(() -> new RunFailedException("Run " + run.id() + ": pre-training left no "
                                + "checkpoint in " + pretrain.resolve(RunFolder.CHECKPOINTS), null));
                args.addAll(List.of("--checkpoint", checkpoint.toString()));
            }
            args.addAll(List.of("--seed", Long.toString(run.seed()), "--out", evaluation.toString()));
            args.addAll(arguments.config());
            args.addAll(arguments.data());
            args.addAll(arguments.evaluation());
            BenchProgress.Phase shown;
            if (settings.evaluation() == BenchSettings.Evaluation.FINETUNE) {
                boolean resume = continueOrClear(evaluation, args);
                shown = progress.phase(index + 1, run, name, resume ? "resuming" : "");
            } else {
                deleteTree(evaluation);
                shown = progress.phase(index + 1, run, name, "");
            }
            Phase phase = launch(run, shown, false, args, dir.resolve(name + ".log"), evaluation,
                    settings.evaluationSteps());
            record.put("eval_seconds", round(phase.seconds()));
            if (phase.exitCode() != 0) {
                return failed(dir, run, record, name, phase, shown);
            }
            evalSeconds.add(phase.seconds());
            shown.done(String.format(Locale.ROOT, "finished in %s", BenchProgress.duration(phase.seconds())));
        }
        record.put("status", RunResult.OK);
        RunFolder.writeJson(dir.resolve(RunFolderReader.RECORD), record);
        return read(run);
    }

    private RunResult failed(Path dir, BenchRun run, Map<String, Object> record, String phaseName, Phase phase,
            BenchProgress.Phase shown) {
        String reason = reason(phase.log(), phase.exitCode());
        record.put("status", RunResult.FAILED);
        record.put("failed_phase", phaseName);
        record.put("reason", reason);
        RunFolder.writeJson(dir.resolve(RunFolderReader.RECORD), record);
        shown.done("failed: " + reason);
        return read(run);
    }

    /**
     * Adds {@code --resume} when {@code phaseDir} holds a checkpoint of an interrupted phase;
     * otherwise clears what a start that saved nothing left behind.
     */
    private static boolean continueOrClear(Path phaseDir, List<String> args) {
        Path checkpoints = phaseDir.resolve(RunFolder.CHECKPOINTS);
        if (Files.isDirectory(checkpoints) && new CheckpointStore(checkpoints, 1).newest().isPresent()) {
            args.add("--resume");
            return true;
        }
        deleteTree(phaseDir);
        return false;
    }

    private record Phase(int exitCode, double seconds, Path log) {
    }

    private Phase launch(BenchRun run, BenchProgress.Phase shown, boolean pretraining, List<String> args, Path log,
            Path phaseDir, long total) {
        long started = System.nanoTime();
        long[] firstStep = {-1};
        Path metrics = phaseDir.resolve(RunFolderReader.METRICS);
        try {
            appendHeader(log, args);
            int exit = ChildJvm.run(args, environment, log, null, () -> {
                long step = lastStep(metrics);
                if (step < 0) {
                    return;
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                if (firstStep[0] < 0) {
                    // The step the phase was at when first seen (a resumed phase starts late).
                    firstStep[0] = step;
                }
                double phaseLeft = Double.NaN;
                if (step > firstStep[0] && total > 0) {
                    double perStep = elapsed / (step - firstStep[0] + 1);
                    phaseLeft = perStep * (total - step);
                    if (pretraining) {
                        secondsPerStep.put(run.entry(), perStep);
                    }
                }
                shown.step(step, total, phaseLeft, benchLeft(pretraining, phaseLeft));
            });
            return new Phase(exit, (System.nanoTime() - started) / 1e9, log);
        } catch (IOException e) {
            throw new RunFailedException("Cannot start a JVM for " + args.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("The benchmark was interrupted", e);
        }
    }

    /**
     * Estimates the seconds left in the whole benchmark: what is left of this phase (and of its
     * run's evaluation), plus the runs not started yet shared out among the phases that run at
     * once; NaN while a figure it needs is missing (no step of a strategy timed, or no evaluation
     * finished yet).
     */
    private double benchLeft(boolean pretraining, double phaseLeft) {
        if (Double.isNaN(phaseLeft) && pretraining) {
            return Double.NaN;
        }
        double evaluation = settings.evaluation() == BenchSettings.Evaluation.NONE ? 0
                : evalSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double later = 0;
        for (int index : notStarted) {
            BenchRun run = runs.get(index);
            double perStep = secondsPerStep.getOrDefault(run.entry(), secondsPerStep.values().stream()
                    .mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            later += (run.isControl() ? 0 : perStep * steps.steps(run)) + evaluation;
        }
        if (!pretraining && notStarted.isEmpty()) {
            return phaseLeft;
        }
        double current = pretraining ? phaseLeft + evaluation : Double.isNaN(phaseLeft) ? 0 : phaseLeft;
        return current + later / settings.parallel();
    }

    private static long lastStep(Path metrics) {
        List<JsonNode> lines = RunFolderReader.readLines(metrics);
        long step = -1;
        for (JsonNode line : lines) {
            step = Math.max(step, line.path("step").asLong(-1));
        }
        return step;
    }

    private static void appendHeader(Path log, List<String> args) throws IOException {
        Files.writeString(log, "# adamae " + String.join(" ", args) + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Returns the one-line reason a phase's process gave: its last {@code adamae:} error line, or
     * its exit code when it wrote none.
     */
    static String reason(Path log, int exitCode) {
        String reason = null;
        try (Stream<String> lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("adamae: ") && !line.startsWith("adamae: warning:")) {
                    reason = line.substring("adamae: ".length());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The exit code alone will do.
        }
        return (reason == null ? "exit code " + exitCode : reason) + " (log: " + log + ")";
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }
}
