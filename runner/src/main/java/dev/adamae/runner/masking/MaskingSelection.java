package dev.adamae.runner.masking;

import com.typesafe.config.Config;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.Settings;
import dev.adamae.api.TokenGrid;
import dev.adamae.engine.train.DecoderMasking;
import java.util.Optional;

/**
 * The masking strategy a run uses, built from its settings, and the ratio it runs at.
 *
 * @param name the strategy's name
 * @param strategy the strategy
 * @param ratio {@code adamae.masking.ratio}, or the strategy's default ratio when that is null
 * @param source where the strategy was loaded from
 * @param decoder the decoder mask ({@code adamae.masking.decoder}), or {@code null} when the
 *     decoder reconstructs every hidden token
 */
public record MaskingSelection(String name, MaskingStrategy strategy, double ratio, String source,
        DecoderMasking decoder) {

    /** The section that selects the strategy and its ratio. */
    public static final String PATH = "adamae.masking";

    /** The section that selects the decoder mask's strategy and its ratio. */
    public static final String DECODER_PATH = PATH + ".decoder";

    /** Returns the decoder mask, if the run has one. */
    public Optional<DecoderMasking> decoderMasking() {
        return Optional.ofNullable(decoder);
    }

    /** Describes the decoder mask in a few words: {@code running-cell 0.5}, or {@code none}. */
    public String decoderText() {
        return decoder == null ? "none" : decoder.name() + " " + decoder.ratio();
    }

    /**
     * Returns the hidden tokens per clip the decoder reconstructs on {@code grid}: every hidden
     * one, or the decoder mask's fixed number.
     */
    public int decodedCount(TokenGrid grid) {
        int hidden = grid.tokenCount() - strategy.visibleCount(grid, ratio);
        return decoder == null ? hidden : decoder.decodedCount(grid, hidden);
    }

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
    static MaskingSelection of(String name, MaskingStrategy strategy, String source, Config config, TokenGrid grid,
            DecoderMasking decoder) {
        return new MaskingSelection(name, strategy, ratio(Settings.section(config, PATH), name, strategy, grid),
                source, decoder);
    }

    /**
     * Reads the {@code ratio} of a section ({@code adamae.masking} or its {@code decoder}), or the
     * strategy's default ratio when it is null, and checks that the strategy can honour it on
     * {@code grid}; a ratio it cannot is refused naming the setting it came from.
     */
    static double ratio(Settings section, String name, MaskingStrategy strategy, TokenGrid grid) {
        boolean configured = section.isSet("ratio");
        double ratio = configured ? section.getRatio("ratio") : strategy.defaultRatio();
        try {
            strategy.visibleCount(grid, ratio);
        } catch (IllegalArgumentException e) {
            if (configured) {
                throw section.invalid("ratio", name + " cannot use it: " + e.getMessage());
            }
            throw new InvalidSettingException(Settings.strategyPath(name) + ".default-ratio",
                    String.valueOf(ratio), null, name + " cannot use it on this preset: " + e.getMessage());
        }
        return ratio;
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
