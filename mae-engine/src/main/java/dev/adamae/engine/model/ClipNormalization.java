package dev.adamae.engine.model;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ImageNet colour normalisation the model's input clips carry.
 *
 * <p>Clips are laid out {@code [batch, channel, frame, row, column]}, channels in RGB order.
 */
public final class ClipNormalization {

    /** Per-channel mean of ImageNet pixels in [0, 1], RGB. */
    public static final double[] MEAN = {0.485, 0.456, 0.406};

    /** Per-channel standard deviation of ImageNet pixels in [0, 1], RGB. */
    public static final double[] STD = {0.229, 0.224, 0.225};

    private ClipNormalization() {
    }

    /**
     * Returns {@code (pixels - mean) / std} per colour channel, as a new float array.
     *
     * @param pixels clips with values in [0, 1], {@code [B, 3, T, H, W]}
     */
    public static INDArray normalize(INDArray pixels) {
        checkLayout(pixels);
        INDArray normalized = pixels.castTo(DataType.FLOAT).dup();
        for (int channel = 0; channel < MEAN.length; channel++) {
            INDArray slice = channelOf(normalized, channel);
            slice.subi(MEAN[channel]).divi(STD[channel]);
        }
        return normalized;
    }

    /** Returns {@code normalized * std + mean} per colour channel: the pixels in [0, 1], as a new float array. */
    public static INDArray denormalize(INDArray normalized) {
        checkLayout(normalized);
        INDArray pixels = normalized.castTo(DataType.FLOAT).dup();
        for (int channel = 0; channel < MEAN.length; channel++) {
            INDArray slice = channelOf(pixels, channel);
            slice.muli(STD[channel]).addi(MEAN[channel]);
        }
        return pixels;
    }

    private static INDArray channelOf(INDArray clips, int channel) {
        return clips.get(NDArrayIndex.all(), NDArrayIndex.point(channel));
    }

    private static void checkLayout(INDArray clips) {
        if (clips.rank() != 5 || clips.size(1) != MEAN.length) {
            throw new IllegalArgumentException("Clips must be [batch, 3, frames, height, width], got shape "
                    + Arrays.toString(clips.shape()));
        }
    }
}
