package dev.adamae.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The clips of one step, and which of their tokens show a moving object.
 *
 * @param clips the clips, ImageNet-normalised, {@code [B, 3, T, H, W]}
 * @param tokenForeground per clip and token, whether any pixel of the token's tubelet is
 *     foreground; {@code null} when the data set has no foreground masks
 * @param labels per clip, its class index or {@link dev.adamae.engine.data.VideoClip#NO_LABEL}
 */
public record ClipBatch(INDArray clips, boolean[][] tokenForeground, int[] labels) {

    /** Tells whether the batch knows its foreground tokens. */
    public boolean hasForeground() {
        return tokenForeground != null;
    }
}
