package dev.adamae.runner.cli;

import dev.adamae.runner.masking.MaskingSelection;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that choose the masking strategy and its ratio, and the decoder mask's. */
public final class MaskingOptions {

    @Option(names = "--strategy", paramLabel = "NAME", description = "Masking strategy (default: adamae.masking.strategy).")
    String strategy;

    @Option(names = "--ratio", paramLabel = "R", description = "Mask ratio (default: the strategy's default-ratio).")
    Double ratio;

    @Mixin
    DecoderMaskOptions decoder = new DecoderMaskOptions();

    /** Adds the settings these options set to {@code flags}. */
    void addTo(Map<String, Object> flags) {
        flags.put(MaskingSelection.PATH + ".strategy", strategy);
        flags.put(MaskingSelection.PATH + ".ratio", ratio);
        decoder.addTo(flags);
    }
}
