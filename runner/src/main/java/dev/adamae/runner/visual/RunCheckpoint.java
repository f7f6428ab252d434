package dev.adamae.runner.visual;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.TrainingState;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.runner.train.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A checkpoint of a pre-training run, found from the path a user gives, with what it tells of
 * its run: the run's configuration ({@code config.conf} in the run's folder, beside
 * {@code checkpoints/}), or else the description of the run the checkpoint carries.
 *
 * @param file the checkpoint file
 * @param state what the checkpoint holds
 * @param runConfig the run's {@code config.conf}, when the checkpoint lies in a run's folder that has one
 */
public record RunCheckpoint(Path file, TrainingState state, Optional<Path> runConfig) {

    // The keys of the run's description that `adamae pretrain` stores in each checkpoint.
    private static final String MODEL = "model";
    private static final String STRATEGY = "strategy";
    private static final String RATIO = "ratio";
    private static final String LOSS = "loss";

    /**
     * Finds and reads the checkpoint {@code given} names: a checkpoint file, a folder of
     * checkpoints, or a run's folder; for a folder, its newest checkpoint.
     *
     * @throws UsageException when there is no checkpoint there, or it is damaged or not ours
     */
    public static RunCheckpoint find(Path given) {
        Path file = fileOf(given);
        TrainingState state;
        try {
            state = CheckpointStore.read(file);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Path folder = file.toAbsolutePath().getParent();
        Path runFolder = folder.getFileName() != null && folder.getFileName().toString().equals(RunFolder.CHECKPOINTS)
                ? folder.getParent() : folder;
        Path config = runFolder.resolve(RunFolder.CONFIG);
        return new RunCheckpoint(file, state, Files.isRegularFile(config) ? Optional.of(config) : Optional.empty());
    }

    private static Path fileOf(Path given) {
        if (Files.isRegularFile(given)) {
            return given;
        }
        if (!Files.isDirectory(given)) {
            throw new UsageException("Checkpoint " + given + ": no such file or folder");
        }
        return new CheckpointStore(given, Integer.MAX_VALUE).newest()
                .or(() -> new CheckpointStore(given.resolve(RunFolder.CHECKPOINTS), Integer.MAX_VALUE).newest())
                .orElseThrow(() -> new UsageException("Checkpoint folder " + given + " holds no checkpoint (step-N.ckpt),"
                        + " nor does " + given.resolve(RunFolder.CHECKPOINTS)));
    }

    /**
     * Returns the run's settings: its {@code config.conf}, or without one, the masking strategy,
     * ratio and loss that the checkpoint's description names.
     */
    public Config settings() {
        if (runConfig.isPresent()) {
            Path config = runConfig.get();
            try {
                return ConfigFactory.parseFile(config.toFile(),
                        ConfigParseOptions.defaults().setAllowMissing(false).setOriginDescription(config.toString()));
            } catch (ConfigException e) {
                throw new UsageException("Run configuration " + config + ": " + e.getMessage(), e);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        described(STRATEGY).ifPresent(strategy -> values.put(MaskingSelection.PATH + ".strategy", strategy));
        described(RATIO).ifPresent(ratio -> values.put(MaskingSelection.PATH + ".ratio", ratio));
        described(LOSS).ifPresent(loss -> values.put(LossType.PATH + "." + LossType.TYPE_KEY, loss));
        return ConfigFactory.parseMap(values, "checkpoint " + file);
    }

    /** Returns the checkpoint's step. */
    public long step() {
        return state.step();
    }

    /**
     * Checks that the checkpoint was trained for this model and with this loss, which says what
     * its predictions are.
     *
     * @throws UsageException naming the first difference
     */
    public void checkFits(ModelSettings model, LossType lossType) {
        Optional<String> trainedFor = described(MODEL);
        if (trainedFor.isPresent() && !trainedFor.get().equals(model.toString())) {
            throw new UsageException("Checkpoint " + file + " does not fit this model: "
                    + ModelDifference.between(trainedFor.get(), model.toString())
                    + (runConfig.isEmpty() ? "; give the --preset and settings it was trained with" : ""));
        }
        Optional<String> trainedWith = described(LOSS);
        if (trainedWith.isPresent() && !trainedWith.get().equals(lossType.configName())) {
            throw new UsageException("Checkpoint " + file + " was trained with loss " + trainedWith.get() + ", not "
                    + LossType.PATH + "." + LossType.TYPE_KEY + " = " + lossType.configName()
                    + ": its predictions can only be read as the loss it was trained with defines them");
        }
    }

    private Optional<String> described(String key) {
        return Optional.ofNullable(state.identity().getProperty(key));
    }
}
