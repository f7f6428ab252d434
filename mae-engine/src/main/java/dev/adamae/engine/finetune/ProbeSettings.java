package dev.adamae.engine.finetune;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;
import dev.adamae.engine.model.VideoClassifierSpec.Pooling;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The linear probe's settings, read from {@value #PATH}.
 *
 * @param epochs passes over the training features
 * @param batchSize features per step
 * @param learningRate AdamW's peak learning rate, cosine-decayed to 0 over the run
 * @param weightDecay AdamW's decoupled weight decay of the weights (never of the bias)
 * @param seed seeds the head's initialisation and the order of the features
 * @param pooling how the frozen encoder's tokens become one feature row per clip
 */
public record ProbeSettings(int epochs, int batchSize, double learningRate, double weightDecay, long seed,
        Pooling pooling) {

    /** The configuration section of these settings. */
    public static final String PATH = "adamae.probe";

    /** Settings whose features are the tokens' mean. */
    public ProbeSettings(int epochs, int batchSize, double learningRate, double weightDecay, long seed) {
        this(epochs, batchSize, learningRate, weightDecay, seed, Pooling.MEAN);
    }

    /** Reads and checks the settings in {@code config}. */
    public static ProbeSettings from(Config config) {
        Settings section = Settings.section(config, PATH);
        Pooling parsed = Pooling.named(section.getChoice("pooling",
                Arrays.stream(Pooling.values()).map(Pooling::configName).collect(Collectors.toSet())));
        return new ProbeSettings(section.getInt("epochs", 1, 1_000_000), section.getInt("batch-size", 1, 1 << 20),
                section.getDouble("lr", 0, 100), section.getDouble("weight-decay", 0, 1),
                section.getLong("seed", Long.MIN_VALUE, Long.MAX_VALUE), parsed);
    }
}
