package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;

/**
 * Puts the model's predictions of the hidden tokens back into a clip, on the host, as pixels
 * in [0, 1]: the inverse of the {@link ReconstructionTarget} for the hidden tubelets.
 *
 * <p>A prediction row is read as the graph's target row is written ({@link TubeletLayout}). For a
 * loss on normalised targets, each hidden tubelet's values are de-normalised per colour channel
 * with that tubelet's own mean and unbiased standard deviation (plus
 * {@link ReconstructionTarget#STD_EPSILON}) over its pixels of the input clip: the statistics its
 * target was normalised with. For {@code mse-raw} the values are pixels already. Visible tubelets
 * keep the input's pixels. Nothing is clipped to [0, 1]: a picture clips, an error does not.
 */
public final class Reconstruction {

    private Reconstruction() {
    }

    /**
     * Returns the pixels in [0, 1] of an ImageNet-normalised clip, channel-major, as a new array.
     *
     * @param normalizedClip {@code [3][frames][height][width]}, as {@link dev.adamae.engine.data.VideoClip} holds it
     */
    public static float[] pixels(TubeletLayout layout, float[] normalizedClip) {
        checkClip(layout, normalizedClip);
        int perChannel = layout.clipValues() / ModelSettings.CHANNELS;
        float[] pixels = new float[normalizedClip.length];
        for (int i = 0; i < pixels.length; i++) {
            int channel = i / perChannel;
            pixels[i] = (float) (normalizedClip[i] * ClipNormalization.STD[channel] + ClipNormalization.MEAN[channel]);
        }
        return pixels;
    }

    /**
     * Returns the input with every hidden tubelet replaced by its prediction, in pixel units.
     *
     * @param pixels the input clip in [0, 1], channel-major (see {@link #pixels})
     * @param hiddenTokens the tokens predicted; row {@code i} of {@code predictions} is the
     *     prediction of token {@code hiddenTokens[i]} (the graph predicts the hidden tokens in
     *     ascending order)
     * @param predictions one target row per hidden token, {@code [M][tubeletPixels * 3]}
     * @param lossType the loss the model was trained with, which says what a prediction is
     */
    public static float[] reassemble(TubeletLayout layout, LossType lossType, float[] pixels, int[] hiddenTokens,
            float[][] predictions) {
        checkClip(layout, pixels);
        if (predictions.length != hiddenTokens.length) {
            throw new IllegalArgumentException(predictions.length + " predictions for " + hiddenTokens.length
                    + " hidden tokens");
        }
        int tubeletPixels = layout.tubeletPixels();
        if (lossType.normalizesTarget() && tubeletPixels < 2) {
            throw new IllegalArgumentException("A normalised target needs tubelets of at least 2 pixels, got "
                    + tubeletPixels);
        }
        float[] reconstruction = pixels.clone();
        int tokens = layout.grid().tokenCount();
        boolean[] seen = new boolean[tokens];
        for (int i = 0; i < hiddenTokens.length; i++) {
            int token = hiddenTokens[i];
            if (token < 0 || token >= tokens || seen[token]) {
                throw new IllegalArgumentException("Hidden token " + token + " is outside the grid " + layout.grid()
                        + " or given twice");
            }
            seen[token] = true;
            if (predictions[i].length != layout.tokenValues()) {
                throw new IllegalArgumentException("The prediction of token " + token + " has " + predictions[i].length
                        + " values, a token has " + layout.tokenValues());
            }
            place(layout, lossType, pixels, token, predictions[i], reconstruction);
        }
        return reconstruction;
    }

    /** Writes one token's prediction, de-normalised if need be, over its tubelet's pixels. */
    private static void place(TubeletLayout layout, LossType lossType, float[] pixels, int token, float[] prediction,
            float[] reconstruction) {
        int frame0 = layout.firstFrame(token);
        int row0 = layout.firstRow(token);
        int column0 = layout.firstColumn(token);
        int tubeletPixels = layout.tubeletPixels();
        for (int channel = 0; channel < ModelSettings.CHANNELS; channel++) {
            double scale = 1;
            double shift = 0;
            if (lossType.normalizesTarget()) {
                double sum = 0;
                for (int t = frame0; t < frame0 + layout.tubeletFrames(); t++) {
                    for (int y = row0; y < row0 + layout.tubeletHeight(); y++) {
                        for (int x = column0; x < column0 + layout.tubeletWidth(); x++) {
                            sum += pixels[layout.pixelIndex(channel, t, y, x)];
                        }
                    }
                }
                double mean = sum / tubeletPixels;
                double squares = 0;
                for (int t = frame0; t < frame0 + layout.tubeletFrames(); t++) {
                    for (int y = row0; y < row0 + layout.tubeletHeight(); y++) {
                        for (int x = column0; x < column0 + layout.tubeletWidth(); x++) {
                            double centred = pixels[layout.pixelIndex(channel, t, y, x)] - mean;
                            squares += centred * centred;
                        }
                    }
                }
                scale = Math.sqrt(squares / (tubeletPixels - 1)) + ReconstructionTarget.STD_EPSILON;
                shift = mean;
            }
            for (int t = frame0; t < frame0 + layout.tubeletFrames(); t++) {
                for (int y = row0; y < row0 + layout.tubeletHeight(); y++) {
                    for (int x = column0; x < column0 + layout.tubeletWidth(); x++) {
                        double value = prediction[layout.valueIndex(channel, t, y, x)];
                        reconstruction[layout.pixelIndex(channel, t, y, x)] = (float) (value * scale + shift);
                    }
                }
            }
        }
    }

    private static void checkClip(TubeletLayout layout, float[] clip) {
        if (clip.length != layout.clipValues()) {
            throw new IllegalArgumentException("A clip of " + layout.frames() + "x" + layout.height() + "x"
                    + layout.width() + " has " + layout.clipValues() + " values, got " + clip.length);
        }
    }
}
