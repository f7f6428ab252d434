package dev.adamae.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.DataLoading;
import dev.adamae.engine.train.MetricsLog;
import dev.adamae.engine.train.Pretrainer;
import dev.adamae.engine.train.TrainingDivergedException;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.Console;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.runner.train.ProgressDisplay;
import dev.adamae.runner.train.RunFolder;
import dev.adamae.runner.train.RunSummary;
import dev.adamae.runner.train.TrainingModule;
import dev.adamae.runner.train.TrainingRun;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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

    @Option(names = "--data", paramLabel = "embedded|PATH", description = "Training data (default: adamae.data.source).")
    String data;

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
        flags.put(TrainingModule.DATA_SOURCE_KEY, data);
        flags.put(TrainingSettings.PATH + ".steps", steps);
        flags.put(TrainingSettings.PATH + ".batch-size", batch);
        flags.put(TrainingSettings.PATH + ".seed", seed);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        Path dir = outputDir();
        CheckpointStore checkpoints = new CheckpointStore(dir.resolve(RunFolder.CHECKPOINTS), training.keep());
        Optional<Path> resumeFrom = resumePoint(dir, checkpoints);
        writeConfig(dir);

        TrainingRun run = TrainingRun.of(model, training, selection, lossType, dataset, loading, console::warn);
        VideoMaeGraph graph = run.graph();
        int visible = run.visibleCount();
        RunSummary summary = new RunSummary();
        console.err().printf("pretrain: %s at ratio %s (%d of %d tokens visible), %s parameters, %s, batch %d, "
                        + "%d steps -> %s%n", selection.name(), selection.ratio(), visible, model.grid().tokenCount(),
                String.format("%,d", graph.parameterCount()), dataset.description(), training.batchSize(),
                training.steps(), dir);
        console.err().flush();
        Pretrainer pretrainer = run.pretrainer(selection, training, checkpoints, identity(),
                List.of(new MetricsLog(dir.resolve("metrics.jsonl")),
                        new ProgressDisplay("pretrain", System.console() != null, console.err()), summary));
        try {
            pretrainer.run(resumeFrom);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new RunFailedException(e.getMessage(), e);
        }
        Map<String, Object> fields = summary.fields(training.batchSize());
        fields.put("skipped_files", run.batches().unreadable().size());
        fields.put("output", dir.toString());
        writeJson(dir.resolve("summary.json"), fields);
        fields.forEach((key, value) -> console.out().printf("%-20s %s%n", key, value));
        console.out().flush();
        return 0;
    }

    private Path outputDir() {
        if (out != null) {
            return out;
        }
        if (resume) {
            throw new UsageException("--resume needs --out DIR: the folder of the run to continue");
        }
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", config.getString("adamae.preset").replaceAll("[^A-Za-z0-9-]", "_") + "-"
                + selection.name() + "-" + time);
    }

    private Optional<Path> resumePoint(Path dir, CheckpointStore checkpoints) {
        Optional<Path> newest = checkpoints.newest();
        if (resume) {
            if (newest.isEmpty()) {
                throw new UsageException("Nothing to resume: " + checkpoints.dir() + " holds no checkpoint");
            }
            return newest;
        }
        if (newest.isPresent() || Files.exists(dir.resolve("metrics.jsonl"))) {
            throw new UsageException("Output folder " + dir + " already holds a run"
                    + newest.map(file -> " (newest checkpoint " + file.getFileName() + ")").orElse("")
                    + "; continue it with --resume, or choose another --out");
        }
        return Optional.empty();
    }

    /** Describes the run; a checkpoint resumes only a run with the same description. */
    private Properties identity() {
        Properties identity = new Properties();
        identity.setProperty("model", model.toString());
        identity.setProperty("strategy", selection.name());
        identity.setProperty("ratio", Double.toString(selection.ratio()));
        identity.setProperty("strategy-settings", config.hasPath("adamae.masking.strategies." + selection.name())
                ? config.getConfig("adamae.masking.strategies." + selection.name()).root()
                        .render(ConfigRenderOptions.concise())
                : "{}");
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

    private void writeConfig(Path dir) {
        String rendered = config.withOnlyPath("adamae").root().render(
                ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
        writeAtomically(dir.resolve(RunFolder.CONFIG), "# The resolved configuration of this run.\n" + rendered);
    }

    private static void writeJson(Path file, Map<String, Object> fields) {
        try {
            writeAtomically(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(fields) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
