package dev.adamae.engine.model;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reconstruction loss of the hidden tokens, as in the paper's ablation of targets and losses.
 */
public enum LossType {

    /** Squared error against tubelets normalised per colour channel: the paper's best. */
    MSE_NORMALIZED("mse-normalized", true, false),

    /** Squared error against the un-normalised pixels in [0, 1]. */
    MSE_RAW("mse-raw", false, false),

    /** Absolute error against tubelets normalised per colour channel. */
    L1_NORMALIZED("l1-normalized", true, true);

    /** The configuration section the loss settings live in. */
    public static final String PATH = "adamae.loss";

    /** The key, within {@link #PATH}, of the loss type. */
    public static final String TYPE_KEY = "type";

    private static final Map<String, LossType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(LossType::configName, Function.identity()));

    private final String configName;
    private final boolean normalizesTarget;
    private final boolean absoluteError;

    LossType(String configName, boolean normalizesTarget, boolean absoluteError) {
        this.configName = configName;
        this.normalizesTarget = normalizesTarget;
        this.absoluteError = absoluteError;
    }

    /** Reads {@code adamae.loss.type} from {@code config}, refusing an unknown name with the known ones. */
    public static LossType from(Config config) {
        return BY_NAME.get(Settings.section(config, PATH).getChoice(TYPE_KEY, BY_NAME.keySet()));
    }

    /** Returns the name the loss is selected by in the configuration, e.g. {@code mse-normalized}. */
    public String configName() {
        return configName;
    }

    /** Tells whether the target tubelets are normalised per colour channel. */
    public boolean normalizesTarget() {
        return normalizesTarget;
    }

    /** Tells whether the error is absolute (L1) rather than squared. */
    public boolean absoluteError() {
        return absoluteError;
    }
}
