package dev.adamae.runner.cli;

import dev.adamae.runner.masking.MaskingSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose the decoder mask (VideoMAE V2's dual masking) and its ratio. */
public final class DecoderMaskOptions {

    private static final String STRATEGY_KEY = MaskingSelection.DECODER_PATH + ".strategy";
    private static final String RATIO_KEY = MaskingSelection.DECODER_PATH + ".ratio";

    @Option(names = "--decoder-strategy", paramLabel = "NAME",
            description = "Decoder mask (VideoMAE V2's dual masking): the strategy that chooses which hidden tokens "
                    + "the decoder reconstructs, e.g. running-cell (default: adamae.masking.decoder.strategy; "
                    + "unset: every hidden token).")
    String strategy;

    @Option(names = "--decoder-ratio", paramLabel = "R",
            description = "The decoder mask's ratio (default: adamae.masking.decoder.ratio, or the decoder "
                    + "strategy's default-ratio).")
    Double ratio;

    /** Adds the settings these options set to {@code flags}. */
    void addTo(Map<String, Object> flags) {
        flags.put(STRATEGY_KEY, strategy);
        flags.put(RATIO_KEY, ratio);
    }

    /** Returns these options as {@code --set} arguments, which every command takes, for a child process. */
    List<String> setArguments() {
        List<String> arguments = new ArrayList<>();
        if (strategy != null) {
            arguments.addAll(List.of("--set", STRATEGY_KEY + "=" + strategy));
        }
        if (ratio != null) {
            arguments.addAll(List.of("--set", RATIO_KEY + "=" + ratio));
        }
        return arguments;
    }
}
