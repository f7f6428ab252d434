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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the phases of every benchmark run, each phase an {@code adamae} command in a JVM of its own:
 * pre-training, then the evaluation of its last checkpoint. Every run has a folder under
 * {@code DIR/runs}; what a folder holds tells which phases finished, so a resumed benchmark skips
 * them and continues an interrupted phase from its newest checkpoint. A failed phase marks its run
 * failed, with the reason its process gave, and the next run starts.
 */
public final class BenchRunner {

    /** The folder under the benchmark's folder that holds one folder per run. */
    public static final String RUNS = "runs";

    private final BenchSettings settings;
    private final Path out;
    private final Arguments arguments;
    private final BenchProgress progress;
    private final List<BenchRun> runs;
    private double secondsPerPretrainStep = Double.NaN;
    private final List<Double> evalSeconds = new ArrayList<>();
    private boolean[] finished;

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

    BenchRunner(BenchSettings settings, Path out, Arguments arguments, BenchProgress progress) {
        this.settings = settings;
        this.out = out;
        this.arguments = arguments;
        this.progress = progress;
        this.runs = settings.runs();
    }

    /** Runs (or skips, when finished) every run and returns their results, in plan order. */
    List<RunResult> runAll(java.util.function.Consumer<List<RunResult>> afterEachRun) {
        List<RunResult> results = new ArrayList<>();
        finished = new boolean[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            results.add(read(runs.get(i)));
            finished[i] = results.get(i).ok();
        }
        for (int i = 0; i < runs.size(); i++) {
            results.set(i, runOne(i, runs.get(i)));
            afterEachRun.accept(List.copyOf(results));
        }
        return results;
    }

    /** Returns the folder of {@code run}. */
    Path folder(BenchRun run) {
        return out.resolve(RUNS).resolve(run.id());
    }

    RunResult read(BenchRun run) {
        return RunFolderReader.read(folder(run), run, settings.evaluation(), settings.enrichmentWindow());
    }

    private RunResult runOne(int index, BenchRun run) {
        Path dir = folder(run);
        RunResult earlier = read(run);
        if (earlier.ok()) {
            progress.phase(index + 1, run, "finished earlier", "skipped");
            return earlier;
        }
        createDirectories(dir);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("run", run.id());
        record.put("strategy", run.strategy());
        record.put("ratio", run.ratio());
        record.put("seed", run.seed());
        JsonNode old = RunFolderReader.readJson(dir.resolve(RunFolderReader.RECORD));
        double pretrainSeconds = old == null ? 0 : old.path("pretrain_seconds").asDouble(0);
        double evaluationSeconds = 0;

        Path pretrain = dir.resolve(RunFolderReader.PRETRAIN);
        if (RunFolderReader.readJson(pretrain.resolve(RunFolderReader.SUMMARY)) == null) {
            List<String> args = new ArrayList<>(List.of("pretrain", "--strategy", run.strategy(), "--ratio",
                    run.ratioText(), "--seed", Long.toString(run.seed()), "--steps",
                    Integer.toString(settings.pretrainSteps()), "--out", pretrain.toString()));
            args.addAll(arguments.config());
            args.addAll(arguments.data());
            boolean resume = continueOrClear(pretrain, args);
            progress.phase(index + 1, run, "pretrain", resume ? "resuming" : "");
            Phase phase = launch(index, true, args, dir.resolve("pretrain.log"), pretrain, settings.pretrainSteps());
            pretrainSeconds += phase.seconds();
            record.put("pretrain_seconds", round(pretrainSeconds));
            if (phase.exitCode() != 0) {
                return failed(dir, run, record, "pretrain", phase);
            }
            progress.done(String.format(java.util.Locale.ROOT, "finished in %s", BenchProgress.duration(phase.seconds())));
        } else {
            record.put("pretrain_seconds", round(pretrainSeconds));
        }

        if (settings.evaluation() != BenchSettings.Evaluation.NONE) {
            String name = settings.evaluation().configName();
            Path evaluation = dir.resolve(name);
            Path checkpoint = new CheckpointStore(pretrain.resolve(RunFolder.CHECKPOINTS), 1).newest()
                    .orElseThrow(() -> new RunFailedException("Run " + run.id() + ": pre-training left no checkpoint in "
                            + pretrain.resolve(RunFolder.CHECKPOINTS), null));
            List<String> args = new ArrayList<>(List.of(name, "--checkpoint", checkpoint.toString(), "--out",
                    evaluation.toString()));
            args.addAll(arguments.config());
            args.addAll(arguments.data());
            args.addAll(arguments.evaluation());
            if (settings.evaluation() == BenchSettings.Evaluation.FINETUNE) {
                args.addAll(List.of("--seed", Long.toString(run.seed())));
                boolean resume = continueOrClear(evaluation, args);
                progress.phase(index + 1, run, name, resume ? "resuming" : "");
            } else {
                args.addAll(List.of("--set", "adamae.probe.seed=" + run.seed()));
                deleteTree(evaluation);
                progress.phase(index + 1, run, name, "");
            }
            Phase phase = launch(index, false, args, dir.resolve(name + ".log"), evaluation,
                    settings.evaluationSteps());
            evaluationSeconds = phase.seconds();
            record.put("eval_seconds", round(evaluationSeconds));
            if (phase.exitCode() != 0) {
                return failed(dir, run, record, name, phase);
            }
            evalSeconds.add(phase.seconds());
            progress.done(String.format(java.util.Locale.ROOT, "finished in %s",
                    BenchProgress.duration(phase.seconds())));
        }
        record.put("status", RunResult.OK);
        RunFolder.writeJson(dir.resolve(RunFolderReader.RECORD), record);
        return read(run);
    }

    private RunResult failed(Path dir, BenchRun run, Map<String, Object> record, String phaseName, Phase phase) {
        String reason = reason(phase.log(), phase.exitCode());
        record.put("status", RunResult.FAILED);
        record.put("failed_phase", phaseName);
        record.put("reason", reason);
        RunFolder.writeJson(dir.resolve(RunFolderReader.RECORD), record);
        progress.done("failed: " + reason);
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

    private Phase launch(int index, boolean pretraining, List<String> args, Path log, Path phaseDir, long total) {
        long started = System.nanoTime();
        long[] firstStep = {-1};
        Path metrics = phaseDir.resolve(RunFolderReader.METRICS);
        try {
            appendHeader(log, args);
            int exit = ChildJvm.run(args, log, () -> {
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
                        secondsPerPretrainStep = perStep;
                    }
                }
                progress.step(step, total, phaseLeft, benchLeft(index, pretraining, phaseLeft));
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
     * Estimates the seconds left in the whole benchmark, or NaN while a phase it needs has no
     * figure yet (no pre-training step timed, or no evaluation finished).
     */
    private double benchLeft(int index, boolean pretraining, double phaseLeft) {
        if (Double.isNaN(phaseLeft) && pretraining) {
            return Double.NaN;
        }
        double evaluation = settings.evaluation() == BenchSettings.Evaluation.NONE ? 0
                : evalSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double pretrain = secondsPerPretrainStep * settings.pretrainSteps();
        int later = 0;
        for (int i = index + 1; i < runs.size(); i++) {
            later += finished[i] ? 0 : 1;
        }
        if (!pretraining && later == 0) {
            return phaseLeft;
        }
        double current = pretraining ? phaseLeft + evaluation : Double.isNaN(phaseLeft) ? 0 : phaseLeft;
        return current + later * (pretrain + evaluation);
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
