package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.ModelFlops;
import dev.adamae.runner.Console;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.bench.Bench;
import dev.adamae.runner.bench.BenchRunner;
import dev.adamae.runner.bench.BenchSettings;
import dev.adamae.runner.bench.ChildJvm;
import dev.adamae.runner.bench.StepPlanner;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.runner.plugins.DiscoveredStrategies;
import dev.adamae.runner.train.RunFolder;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Pre-trains and evaluates several masking strategies, each run in a JVM of its own, and compares them. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Head-to-head benchmark of masking strategies: for each strategy:ratio and seed, pre-trains "
                + "(adamae pretrain) and evaluates the last checkpoint (adamae probe or finetune), each in a JVM of "
                + "its own, and evaluates an encoder never pre-trained with each seed (the control, none). Writes "
                + "DIR/results.csv, results.md (with the strategies ranked by top-1 and their paired differences "
                + "from the control and the baseline), results.json, loss.png, top1.png, memory.png and one folder "
                + "per run under DIR/runs.")
public final class BenchCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    LabelledDataOptions labelled = new LabelledDataOptions();

    @Mixin
    DecoderMaskOptions decoder = new DecoderMaskOptions();

    @Option(names = "--runs", paramLabel = "S:R", split = ",",
            description = "Strategies and ratios, e.g. tube:0.9,adaptive:0.95 (default: adamae.bench.runs).")
    List<String> runs;

    @Option(names = "--seeds", paramLabel = "S", split = ",",
            description = "Seeds; every run is repeated with each (default: adamae.bench.seeds).")
    List<Long> seeds;

    @Option(names = "--pretrain-steps", paramLabel = "N",
            description = "Pre-training steps of every run (default: adamae.bench.pretrain-steps, else adamae.train.steps).")
    Integer pretrainSteps;

    @Option(names = "--eval", paramLabel = "probe|finetune|none",
            description = "The evaluation after pre-training (default: adamae.bench.eval).")
    String evaluation;

    @Option(names = "--budget", paramLabel = "AMOUNT",
            description = "Equal cost instead of equal steps: each run's pre-training gets the steps this buys, in "
                    + "minutes of training steps (e.g. 3min, timed per strategy before any run) or GFLOP of the "
                    + "analytic count (e.g. 400gflop) (default: adamae.bench.budget, equal steps).")
    String budget;

    @Option(names = "--baseline", paramLabel = "STRATEGY",
            description = "The strategy (or strategy:ratio) every other is compared with, besides the control "
                    + "(default: adamae.bench.baseline).")
    String baseline;

    @Option(names = "--parallel", paramLabel = "K",
            description = "Phases run at once, each with its share of the cores (default: adamae.bench.parallel).")
    Integer parallel;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: runs/bench-<preset>-<time>); with --resume, the benchmark to continue.")
    Path out;

    @Option(names = "--resume", description = "Continues the benchmark in --out: finished runs are kept, an "
            + "interrupted one continues from its newest checkpoint, failed ones are tried again.")
    boolean resume;

    @Inject
    Config config;

    @Inject
    ModelSettings model;

    @Inject
    DiscoveredStrategies discovered;

    @Inject
    Map<String, MaskingStrategyFactory> factories;

    @Inject
    Console console;

    /** Read for its decoder mask, which every pre-training run of the benchmark uses. */
    @Inject
    MaskingSelection selection;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        flags.put(BenchSettings.PATH + ".runs", runs);
        flags.put(BenchSettings.PATH + ".seeds", seeds);
        flags.put(BenchSettings.PATH + ".pretrain-steps", pretrainSteps);
        flags.put(BenchSettings.PATH + ".eval", evaluation);
        flags.put(BenchSettings.PATH + ".budget", budget);
        flags.put(BenchSettings.PATH + ".baseline", baseline);
        flags.put(BenchSettings.PATH + ".parallel", parallel);
        labelled.addTo(flags);
        decoder.addTo(flags);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        BenchSettings settings = BenchSettings.from(config);
        for (BenchSettings.Entry entry : settings.entries()) {
            checkEntry(entry);
        }
        String preset = config.getString("adamae.preset");
        Path dir = out;
        if (dir == null) {
            if (resume) {
                throw new UsageException("--resume needs --out DIR: the folder of the benchmark to continue");
            }
            dir = Path.of("runs", "bench-" + preset.replaceAll("[^A-Za-z0-9-]", "_") + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        List<String> config = new ArrayList<>(options.arguments());
        // As --set, which every phase's command takes: pre-training uses the decoder mask, the others ignore it.
        config.addAll(decoder.setArguments());
        BenchRunner.Arguments arguments = new BenchRunner.Arguments(config, labelled.trainingArguments(),
                labelled.testArguments());
        int threads = settings.threadsPerPhase(ChildJvm.availableThreads());
        try (RunFolder.Lock lock = RunFolder.lock(dir)) {
            return run(dir, settings, arguments, preset, threads);
        }
    }

    private int run(Path dir, BenchSettings settings, BenchRunner.Arguments arguments, String preset, int threads) {
        Bench bench = new Bench(dir, settings, arguments, preset, selection.decoderMasking()
                .map(d -> d.name() + ":" + BenchSettings.ratioText(d.ratio())).orElse(Bench.NO_DECODER_MASK), threads,
                console.err(), System.console() != null);
        try {
            bench.start(resume, this::flopsPerStep);
        } catch (StepPlanner.RefusedBudget e) {
            throw BenchSettings.invalidBudget(config, e.getMessage());
        }
        Map<String, Double> effectiveRatios = new HashMap<>();
        for (BenchSettings.Entry entry : settings.entries()) {
            MaskingStrategy strategy = factories.get(entry.strategy()).create(
                    Settings.ofStrategy(config, entry.strategy()));
            effectiveRatios.put(entry.toString(), MaskingSelection.effectiveRatio(strategy, model.grid(), entry.ratio()));
        }
        Bench.Outcome outcome = bench.run(run -> effectiveRatios.get(run.entry()));
        console.out().print(outcome.markdown());
        console.out().printf("%nresults   %s%n", dir.resolve("results.md"));
        console.out().flush();
        if (outcome.failed() > 0) {
            throw new RunFailedException(outcome.failed() + " of " + outcome.runs() + " runs failed (reasons in "
                    + dir.resolve("results.md") + "); the others are in the table", null);
        }
        return 0;
    }

    /** Returns the analytic FLOPs of one training step of {@code entry} at this preset and batch, when countable. */
    private OptionalDouble flopsPerStep(BenchSettings.Entry entry) {
        MaskingStrategy strategy = factories.get(entry.strategy()).create(Settings.ofStrategy(config, entry.strategy()));
        int visible = strategy.visibleCount(model.grid(), entry.ratio());
        int hidden = model.grid().tokenCount() - visible;
        int decoded = selection.decoderMasking().map(d -> d.decodedCount(model.grid(), hidden)).orElse(hidden);
        return ModelFlops.trainingStep(model, config.getInt("adamae.train.batch-size"), visible, decoded,
                strategy.learnedSampler().orElse(null));
    }

    /** Refuses, before any run starts, a strategy that is not there or a ratio it cannot use on this preset. */
    private void checkEntry(BenchSettings.Entry entry) {
        discovered.require(entry.strategy());
        MaskingStrategyFactory factory = factories.get(entry.strategy());
        try {
            factory.create(Settings.ofStrategy(config, entry.strategy())).visibleCount(model.grid(), entry.ratio());
        } catch (IllegalArgumentException e) {
            throw BenchSettings.invalidRun(config, entry.strategy() + ":" + entry.ratio() + ": " + entry.strategy()
                    + " cannot use this ratio on preset " + config.getString("adamae.preset") + ": " + e.getMessage());
        }
    }
}
