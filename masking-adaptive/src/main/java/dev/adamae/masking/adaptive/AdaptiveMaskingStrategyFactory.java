package dev.adamae.masking.adaptive;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;

/** Registers {@link AdaptiveMaskingStrategy} as {@code adaptive}. */
public final class AdaptiveMaskingStrategyFactory implements MaskingStrategyFactory {

    /** The name users select the strategy by. */
    public static final String NAME = "adaptive";

    /** The largest MLP ratio accepted, as for the model's own blocks. */
    private static final double MAX_MLP_RATIO = 64;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Draws the visible tokens from a token distribution that a sampler network learns (AdaMAE)";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        double defaultRatio = settings.getRatio("default-ratio");
        double lossWeight = number(settings, "loss-weight");
        if (!(lossWeight >= 0)) {
            throw settings.invalid("loss-weight", "must be at least 0");
        }
        SamplerArchitecture architecture = SamplerArchitecture.of(
                settings.getChoice("sampler", SamplerArchitecture.configNames()));
        double dropout = number(settings, "dropout");
        if (!(dropout >= 0 && dropout < 1)) {
            throw settings.invalid("dropout", "a dropout rate must be at least 0 and below 1");
        }
        double mlpRatio = number(settings, "mlp-ratio");
        if (!(mlpRatio > 0 && mlpRatio <= MAX_MLP_RATIO)) {
            throw settings.invalid("mlp-ratio", "must be above 0 and at most " + MAX_MLP_RATIO);
        }
        double epsilon = number(settings, "layer-norm-epsilon");
        if (!(epsilon > 0 && epsilon <= 1)) {
            throw settings.invalid("layer-norm-epsilon", "must be above 0 and at most 1");
        }
        return new AdaptiveMaskingStrategy(defaultRatio,
                new AdaptiveSamplerSettings(lossWeight, architecture, dropout, mlpRatio, epsilon));
    }

    /** Reads a number of any value; the caller checks its range with a message of its own. */
    private static double number(Settings settings, String key) {
        return settings.getDouble(key, -Double.MAX_VALUE, Double.MAX_VALUE);
    }
}
