package dev.adamae.runner.cli;

import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.ModelFlops;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.DataLoading;
import dev.adamae.engine.train.DataLoadingException;
import dev.adamae.engine.train.MatmulPeak;
import dev.adamae.engine.train.OpTimes;
import dev.adamae.engine.train.StepMetrics;
import dev.adamae.engine.train.TrainingListener;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.Console;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.runner.train.RunSummary;
import dev.adamae.runner.train.TrainingRun;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Measures the speed and memory of pre-training steps. */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = "Times real pre-training steps (data, masks, forward, backward, AdamW) and reports the median "
                + "step time, clips/s, achieved GFLOP/s against the analytic FLOP count and the measured matrix-product "
                + "peak, and peak memory.")
public final class PerfCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    MaskingOptions masking = new MaskingOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--batch", paramLabel = "B", description = "Clips per step (default: adamae.train.batch-size).")
    Integer batch;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "Prints one JSON object.")
    boolean json;

    @Option(names = "--ops", paramLabel = "K", defaultValue = "0",
            description = "Also times every graph op of the timed steps and reports the K slowest op types and the K "
                    + "slowest (op, output shape) groups, in ms per step (default: ${DEFAULT-VALUE}, off). Timing "
                    + "each op slows the step a little.")
    int ops;

    @Option(names = "--compare", paramLabel = "NAME:R[/DEC:R],...", split = ",",
            description = "Measures each strategy:ratio in a process of its own (clean peak memory) and prints "
                    + "them side by side, e.g. --compare random-patch:0.9,tube:0.9. A run may add a decoder mask "
                    + "after a slash: tube:0.9/running-cell:0.5 is tube masking at 0.9 whose decoder reconstructs "
                    + "the hidden tokens running-cell at 0.5 keeps.")
    List<String> compare;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "With --compare: measures every run N times, reversing the order each round (A B, B A, "
                    + "...), and reports each run's median step time, its range, and the median of its per-round "
                    + "time ratios to the first run, so that the machine's drift falls on every run alike "
                    + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Inject
    ModelSettings model;

    @Inject
    TrainingSettings training;

    @Inject
    MaskingSelection selection;

    @Inject
    LossType lossType;

    @Inject
    ClipDataset dataset;

    @Inject
    DataLoading loading;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        masking.addTo(flags);
        data.addTo(flags);
        flags.put(TrainingSettings.PATH + ".batch-size", batch);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        if (steps < 1 || warmup < 0) {
            throw new UsageException("--steps must be at least 1 and --warmup at least 0, got " + steps + " and " + warmup);
        }
        if (rounds != 1 && (compare == null || compare.isEmpty())) {
            throw new UsageException("--rounds applies to --compare only");
        }
        if (compare != null && !compare.isEmpty()) {
            return new PerfComparison(compare, childArguments(), rounds, json, console).run();
        }
        int total = warmup + steps;
        TrainingSettings timed = new TrainingSettings(total, training.batchSize(), training.seed(),
                training.baseLearningRate(), training.minLearningRate(), Math.min(training.warmupSteps(), total),
                training.beta1(), training.beta2(), training.epsilon(), training.weightDecay(), Integer.MAX_VALUE, 1);
        TrainingRun run = TrainingRun.of(model, timed, selection, lossType, dataset, loading, console::warn);
        VideoMaeGraph graph = run.graph();
        int visible = run.visibleCount();
        // The yardstick first, on an idle machine with nothing else allocated.
        double peak = MatmulPeak.gigaflopsPerSecond();
        RunSummary summary = new RunSummary(warmup);
        OpTimes opTimes = new OpTimes();
        List<TrainingListener<? super StepMetrics>> listeners = new ArrayList<>(List.of(summary));
        if (ops > 0) {
            graph.sameDiff().addListeners(opTimes);
            // The warm-up steps' ops are left out, as their step times are.
            listeners.add(metrics -> {
                if (metrics.step() == warmup) {
                    opTimes.reset();
                }
            });
        }
        Path scratch = scratchDir();
        try {
            run.pretrainer(selection, timed, new CheckpointStore(scratch, 1), new Properties(), listeners)
                    .run(Optional.empty());
        } catch (DataLoadingException e) {
            throw new RunFailedException(e.getMessage(), e);
        } finally {
            deleteQuietly(scratch);
        }
        Map<String, Object> summaryFields = summary.fields(timed.batchSize());
        double median = summary.medianMillis();
        java.util.OptionalDouble counted = ModelFlops.trainingStep(model, timed.batchSize(), visible,
                run.decodedCount(), selection.strategy().learnedSampler().orElse(null));
        Double flops = counted.isPresent() ? counted.getAsDouble() : null;
        Double achieved = flops == null ? null : round(flops / (median / 1000) / 1e9);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("strategy", selection.name());
        report.put("ratio", selection.ratio());
        report.put("batch", timed.batchSize());
        report.put("decoder_mask", selection.decoderMasking().map(d -> d.name() + ":" + d.ratio()).orElse("none"));
        report.put("visible_tokens", visible);
        report.put("decoded_tokens", run.decodedCount());
        report.put("parameters", graph.parameterCount());
        report.put("timed_steps", steps);
        report.put("warmup_steps", warmup);
        report.put("ms_per_step_median", summaryFields.get("ms_per_step_median"));
        report.put("clips_per_s", summaryFields.get("clips_per_s"));
        // Null when the strategy's learned sampler does not count its network's products.
        report.put("flops_per_step", flops == null ? null : Math.round(flops));
        report.put("gflops_per_s", achieved);
        report.put("matmul_peak_gflops_per_s", round(peak));
        report.put("fraction_of_peak", achieved == null ? null : Math.round(achieved / peak * 1000) / 1000.0);
        report.put("peak_rss_mb", summaryFields.get("peak_rss_mb"));
        report.put("offheap_peak_mb", summaryFields.get("offheap_peak_mb"));
        report.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        if (ops > 0) {
            report.put("ops_ms_per_step", round(opTimes.totalNanos() / 1e6 / steps));
            report.put("ops_by_type", opRows(opTimes.byOp(), false));
            report.put("ops_by_shape", opRows(opTimes.entries(), true));
        }
        Reports.print(console, report, json, 26);
        return 0;
    }

    /**
     * Returns this command's arguments for a child measurement, without --compare, --strategy,
     * --ratio, the decoder mask's options and --json.
     */
    private List<String> childArguments() {
        List<String> arguments = new java.util.ArrayList<>(List.of("--batch", String.valueOf(training.batchSize()),
                "--steps", String.valueOf(steps), "--warmup", String.valueOf(warmup)));
        arguments.addAll(options.arguments());
        arguments.addAll(data.arguments());
        return arguments;
    }

    private List<Map<String, Object>> opRows(List<OpTimes.Entry> entries, boolean withShape) {
        return entries.stream().limit(ops).map(entry -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("op", entry.op());
            if (withShape) {
                row.put("shape", entry.shape());
            }
            row.put("ms_per_step", round(entry.nanos() / 1e6 / steps));
            row.put("calls_per_step", Math.round(entry.calls() / (double) steps * 10) / 10.0);
            return row;
        }).toList();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static Path scratchDir() {
        try {
            return Files.createTempDirectory("adamae-perf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
