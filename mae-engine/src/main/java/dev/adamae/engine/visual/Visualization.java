package dev.adamae.engine.visual;

import dev.adamae.api.TokenMask;
import dev.adamae.engine.model.TubeletLayout;

/**
 * What a model makes of one clip: the mask it was shown, its reconstruction of the hidden
 * tubelets, and, for a strategy with a learned sampler, the probabilities the mask was drawn from.
 *
 * <p>Pixel arrays are channel-major, {@code [3][frames][height][width]}, in [0, 1] units; the
 * reconstruction is not clipped.
 *
 * @param clipId the clip's name, e.g. a file path or {@code moving-sprites/3}
 * @param layout where the tokens lie
 * @param mask the visible tokens of the clip, a mask of one clip
 * @param probabilities the learned sampler's probability of each token, or {@code null} without one
 * @param input the clip's pixels
 * @param reconstruction the clip with every hidden tubelet replaced by the model's prediction
 */
public record Visualization(String clipId, TubeletLayout layout, TokenMask mask, double[] probabilities,
        float[] input, float[] reconstruction) {

    public Visualization {
        if (mask.batchSize() != 1 || !mask.grid().equals(layout.grid())) {
            throw new IllegalArgumentException("A visualisation needs the mask of one clip of grid " + layout.grid()
                    + ", got " + mask);
        }
        if (probabilities != null && probabilities.length != layout.grid().tokenCount()) {
            throw new IllegalArgumentException(probabilities.length + " token probabilities for "
                    + layout.grid().tokenCount() + " tokens");
        }
        if (input.length != layout.clipValues() || reconstruction.length != layout.clipValues()) {
            throw new IllegalArgumentException("A clip of " + layout.frames() + "x" + layout.height() + "x"
                    + layout.width() + " has " + layout.clipValues() + " values, got " + input.length + " and "
                    + reconstruction.length);
        }
    }

    /** Tells whether the strategy has a learned sampler, whose probabilities are shown. */
    public boolean hasProbabilities() {
        return probabilities != null;
    }

    /** Tells whether token {@code token} is hidden from the encoder. */
    public boolean isHidden(int token) {
        return !mask.isVisible(0, token);
    }

    /** Returns the mean squared error of the reconstruction over the hidden tubelets' values, in [0, 1] units. */
    public double hiddenMeanSquaredError() {
        double squares = 0;
        long count = 0;
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < layout.frames(); t++) {
                for (int y = 0; y < layout.height(); y++) {
                    for (int x = 0; x < layout.width(); x++) {
                        if (isHidden(layout.tokenAt(t, y, x))) {
                            int i = layout.pixelIndex(c, t, y, x);
                            double difference = reconstruction[i] - input[i];
                            squares += difference * difference;
                            count++;
                        }
                    }
                }
            }
        }
        return squares / count;
    }
}
