package dev.adamae.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.DataLoading;
import dev.adamae.engine.train.DataLoadingException;
import dev.adamae.engine.train.MetricsLog;
import dev.adamae.engine.train.Pretrainer;
import dev.adamae.engine.train.TrainingDivergedException;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.Console;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.runner.train.PhaseTimes;
import dev.adamae.runner.train.ProgressDisplay;
import dev.adamae.runner.train.RunFolder;
import dev.adamae.runner.train.RunSummary;
import dev.adamae.runner.train.SkippedClips;
import dev.adamae.runner.train.TrainingRun;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Pre-trains a video MAE with a masking strategy, with metrics, checkpoints and resume. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pre-trains a video masked autoencoder. Writes DIR/metrics.jsonl (one JSON object per step), "
                + "DIR/config.conf (the resolved configuration), DIR/checkpoints/ and DIR/summary.json.")
public final class PretrainCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    MaskingOptions masking = new MaskingOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--steps", paramLabel = "N", description = "Optimiser steps (default: adamae.train.steps).")
    Integer steps;

    @Option(names = "--batch", paramLabel = "B", description = "Clips per step (default: adamae.train.batch-size).")
    Integer batch;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of weights, data order and masks (default: adamae.train.seed).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: runs/<preset>-<strategy>-<time>); with --resume, the run to continue.")
    Path out;

    @Option(names = "--resume", description = "Continues the run in --out from its newest checkpoint.")
    boolean resume;

    @Option(names = "--strict", description = "Stops at the first clip that cannot be read, with its reason "
            + "(default: adamae.data.loading.strict; otherwise such clips are skipped and counted).")
    boolean strict;

    @Inject
    Config config;

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
        flags.put(DataLoading.PATH + "." + DataLoading.STRICT, strict ? Boolean.TRUE : null);
        flags.put(TrainingSettings.PATH + ".steps", steps);
        flags.put(TrainingSettings.PATH + ".batch-size", batch);
        flags.put(TrainingSettings.PATH + ".seed", seed);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        PhaseTimes times = PhaseTimes.start();
        RunFolder folder = RunFolder.open(out, config.getString("adamae.preset") + "-" + selection.name(),
                training.keep(), resume);
        try (RunFolder.Lock lock = folder.lock()) {
            return train(folder, times);
        }
    }

    private int train(RunFolder folder, PhaseTimes times) {
        Path dir = folder.dir();
        CheckpointStore checkpoints = folder.checkpoints();
        Optional<Path> resumeFrom = folder.resumePoint(resume);

        TrainingRun run = TrainingRun.of(model, training, selection, lossType, dataset, loading, console::warn);
        VideoMaeGraph graph = run.graph();
        int visible = run.visibleCount();
        times.lap("build");
        RunSummary summary = new RunSummary();
        Pretrainer pretrainer = run.pretrainer(selection, training, checkpoints, identity(),
                List.of(new MetricsLog(folder.metrics()),
                        new ProgressDisplay("pretrain", System.console() != null, console.err()), summary));
        long start;
        try {
            // Every check of the checkpoint comes before anything in the folder is written.
            start = pretrainer.restore(resumeFrom);
        } catch (CheckpointException e) {
            run.batches().close();
            throw new UsageException(e.getMessage(), e);
        }
        if (start >= training.steps()) {
            run.batches().close();
            console.err().printf("pretrain: %s already did %d steps (--steps %d); nothing to do, nothing changed; "
                    + "give more --steps to go on%n", dir, start, training.steps());
            console.err().flush();
            return 0;
        }
        if (resume && resumeFrom.isEmpty()) {
            console.err().printf("pretrain: %s stopped before its first checkpoint; starting again from step 0%n", dir);
        }
        folder.writeConfig(config);
        console.err().printf("pretrain: %s at ratio %s (hides %s: %d of %d tokens visible), %s, %s parameters, %s, "
                        + "batch %d, %d steps -> %s%n", selection.name(), selection.ratio(),
                selection.effectiveRatioText(model.grid()), visible, model.grid().tokenCount(), decoderText(run),
                String.format("%,d", graph.parameterCount()), dataset.description(), training.batchSize(),
                training.steps(), dir);
        console.err().flush();
        try {
            pretrainer.run(start);
        } catch (TrainingDivergedException | DataLoadingException e) {
            throw new RunFailedException(e.getMessage(), e);
        }
        times.lap("train");
        Map<String, Object> fields = summary.fields(training.batchSize());
        SkippedClips skipped = SkippedClips.of(run.batches());
        skipped.addTo(fields);
        selection.decoderMasking().ifPresent(decoder -> fields.put("decoder_mask", decoderFields(run)));
        fields.put("timing", times.fields());
        fields.put("output", dir.toString());
        folder.writeJson("summary.json", fields);
        if (skipped.clips() > 0) {
            console.err().println("pretrain: " + skipped.line());
            console.err().flush();
        }
        fields.forEach((key, value) -> console.out().printf("%-20s %s%n", key, value instanceof Map<?, ?> ? json(value) : value));
        console.out().flush();
        return 0;
    }

    /** The header's words on the decoder: which hidden tokens it reconstructs. */
    private String decoderText(TrainingRun run) {
        return selection.decoderMasking()
                .map(decoder -> String.format("decoder mask %s at ratio %s (%d of the %d hidden tokens decoded)",
                        decoder.name(), decoder.ratio(), run.decodedCount(), run.graph().spec().hiddenCount()))
                .orElse("every hidden token decoded");
    }

    /** The summary's {@code decoder_mask}: the decoder mask's strategy, ratio and decoded tokens per clip. */
    private Map<String, Object> decoderFields(TrainingRun run) {
        return selection.decoderMasking().map(decoder -> {
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("strategy", decoder.name());
            fields.put("ratio", decoder.ratio());
            fields.put("decoded_tokens", run.decodedCount());
            return fields;
        }).orElse(null);
    }

    /** Describes the run; a checkpoint resumes only a run with the same description. */
    private Properties identity() {
        Properties identity = new Properties();
        identity.setProperty("model", model.toString());
        identity.setProperty("strategy", selection.name());
        identity.setProperty("ratio", Double.toString(selection.ratio()));
        identity.setProperty("strategy-settings", strategySettings(selection.name()));
        // Set only with a decoder mask, so that the checkpoints of runs without one keep their identity.
        selection.decoderMasking().ifPresent(decoder -> {
            identity.setProperty("decoder-strategy", decoder.name());
            identity.setProperty("decoder-ratio", Double.toString(decoder.ratio()));
            identity.setProperty("decoder-strategy-settings", strategySettings(decoder.name()));
        });
        identity.setProperty("loss", lossType.configName());
        identity.setProperty("data", dataset.description());
        identity.setProperty("batch", Integer.toString(training.batchSize()));
        identity.setProperty("seed", Long.toString(training.seed()));
        // The number of steps is left out on purpose: a run may be extended, which re-plans the
        // cosine schedule from the step it resumes at.
        identity.setProperty("optimiser", String.format(java.util.Locale.ROOT,
                "base-lr %s, min-lr %s, warm-up %d, betas %s/%s, epsilon %s, weight decay %s",
                training.baseLearningRate(), training.minLearningRate(), training.warmupSteps(), training.beta1(),
                training.beta2(), training.epsilon(), training.weightDecay()));
        return identity;
    }

    private String strategySettings(String name) {
        return config.hasPath("adamae.masking.strategies." + name)
                ? config.getConfig("adamae.masking.strategies." + name).root().render(ConfigRenderOptions.concise())
                : "{}";
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
