package dev.adamae.runner.masking;

import com.typesafe.config.Config;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.Settings;
import dev.adamae.api.TokenGrid;

/**
 * The masking strategy a run uses, built from its settings, and the ratio it runs at.
 *
 * @param name the strategy's name
 * @param strategy the strategy
 * @param ratio {@code adamae.masking.ratio}, or the strategy's default ratio when that is null
 * @param source where the strategy was loaded from
 */
public record MaskingSelection(String name, MaskingStrategy strategy, double ratio, String source) {

    /** The section that selects the strategy and its ratio. */
    public static final String PATH = "adamae.masking";

    /**
     * Refuses, in one line, a strategy whose masks a trained sampler network draws: they depend
     * on a model and a clip, so a command that draws masks alone cannot use it.
     */
    public void requireMasksWithoutModel() {
        if (strategy.learnedSampler().isPresent()) {
            throw new dev.adamae.runner.UsageException("Masking strategy '" + name
                    + "' draws its masks from a trained sampler network, so they depend on a model and a clip");
        }
    }

    /** Reads the ratio and checks that the strategy can honour it on {@code grid}. */
    static MaskingSelection of(String name, MaskingStrategy strategy, String source, Config config, TokenGrid grid) {
        Settings masking = Settings.section(config, PATH);
        boolean configured = masking.isSet("ratio");
        double ratio = configured ? masking.getRatio("ratio") : strategy.defaultRatio();
        try {
            strategy.visibleCount(grid, ratio);
        } catch (IllegalArgumentException e) {
            if (configured) {
                throw masking.invalid("ratio", name + " cannot use it: " + e.getMessage());
            }
            throw new InvalidSettingException(Settings.strategyPath(name) + ".default-ratio",
                    String.valueOf(ratio), null, name + " cannot use it on this preset: " + e.getMessage());
        }
        return new MaskingSelection(name, strategy, ratio, source);
    }

    /**
     * Returns the share of the tokens a mask of this strategy really hides on {@code grid}: the
     * requested ratio after the strategy's rounding to whole tokens (0.889 for tube 0.9 on 288
     * tokens, 256 of them hidden).
     */
    public double effectiveRatio(TokenGrid grid) {
        return effectiveRatio(strategy, grid, ratio);
    }

    /** Returns the share of the tokens a mask of {@code strategy} at {@code ratio} really hides on {@code grid}. */
    public static double effectiveRatio(MaskingStrategy strategy, TokenGrid grid, double ratio) {
        int tokens = grid.tokenCount();
        return (double) (tokens - strategy.visibleCount(grid, ratio)) / tokens;
    }

    /** Returns the effective ratio on {@code grid} rounded to three decimals, for messages. */
    public String effectiveRatioText(TokenGrid grid) {
        return String.format(java.util.Locale.ROOT, "%.3f", effectiveRatio(grid));
    }
}
