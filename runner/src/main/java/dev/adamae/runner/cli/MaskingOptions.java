package dev.adamae.runner.cli;

import dev.adamae.runner.masking.MaskingSelection;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose the masking strategy and its ratio, and the decoder mask's. */
public final class MaskingOptions {

    @Option(names = "--strategy", paramLabel = "NAME", description = "Masking strategy (default: adamae.masking.strategy).")
    String strategy;

    @Option(names = "--ratio", paramLabel = "R", description = "Mask ratio (default: the strategy's default-ratio).")
    Double ratio;

    @Option(names = "--decoder-strategy", paramLabel = "NAME",
            description = "Decoder mask (VideoMAE V2's dual masking): the strategy that chooses which hidden tokens "
                    + "the decoder reconstructs, e.g. running-cell (default: adamae.masking.decoder.strategy; "
                    + "unset: every hidden token).")
    String decoderStrategy;

    @Option(names = "--decoder-ratio", paramLabel = "R",
            description = "The decoder mask's ratio (default: adamae.masking.decoder.ratio, or the decoder "
                    + "strategy's default-ratio).")
    Double decoderRatio;

    /** Adds the settings these options set to {@code flags}. */
    void addTo(Map<String, Object> flags) {
        flags.put(MaskingSelection.PATH + ".strategy", strategy);
        flags.put(MaskingSelection.PATH + ".ratio", ratio);
        flags.put(MaskingSelection.DECODER_PATH + ".strategy", decoderStrategy);
        flags.put(MaskingSelection.DECODER_PATH + ".ratio", decoderRatio);
    }
}
