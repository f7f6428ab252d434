package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reconstruction target of tokens, computed in the graph from their tubelets.
 *
 * <p>The clip's tubelets are un-normalised back to pixels in [0, 1]; for a normalising loss each
 * tubelet is then normalised per colour channel over its pixels,
 * {@code (x - mean) / (unbiased std + 1e-6)}. The loss computes it for the hidden tokens' tubelets
 * alone; it depends on no trainable variable, so it carries no gradient.
 */
final class ReconstructionTarget {

    /** Added to each tubelet channel's standard deviation, as in the reference code. */
    static final double STD_EPSILON = 1e-6;

    private ReconstructionTarget() {
    }

    /**
     * Returns the targets of tubelet rows, {@code [B, S, K]}, channel-fastest.
     *
     * @param name the targets' variable name
     * @param tubelets the normalised clips' tubelet rows ({@link Tubelets}), {@code [B * S, K]}
     * @param tokens {@code S}, the tokens of each clip among the rows
     */
    static SDVariable build(SameDiff sd, String name, SDVariable tubelets, VideoMaeGraphSpec spec, int tokens) {
        int channels = ModelSettings.CHANNELS;
        int pixels = spec.tubeletPixels();
        long rows = (long) spec.batchSize() * tokens;
        SDVariable perChannel = sd.reshape(tubelets, rows, pixels, channels);
        SDVariable raw = perChannel.mul(channelConstant(sd, ClipNormalization.STD))
                .add(channelConstant(sd, ClipNormalization.MEAN));
        SDVariable target = spec.lossType().normalizesTarget() ? normalizePerChannel(sd, raw, pixels) : raw;
        return sd.reshape(name, target, spec.batchSize(), tokens, (long) pixels * channels);
    }

    private static SDVariable normalizePerChannel(SameDiff sd, SDVariable raw, int pixels) {
        if (pixels < 2) {
            throw new IllegalArgumentException("A normalised target needs tubelets of at least 2 pixels, got " + pixels);
        }
        SDVariable centered = raw.sub(sd.mean(raw, true, 1));
        SDVariable unbiasedVariance = sd.sum(sd.math.square(centered), true, 1).div(pixels - 1.0);
        return centered.div(sd.math.sqrt(unbiasedVariance).add(STD_EPSILON));
    }

    private static SDVariable channelConstant(SameDiff sd, double[] values) {
        return sd.constant(Nd4j.createFromArray(values).castTo(DataType.FLOAT));
    }
}
