package dev.adamae.masking.motionguided;

import dev.adamae.api.ClipContent;
import dev.adamae.api.TokenGrid;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * How much each token of a clip moves, estimated from frame differences on the host.
 *
 * <p>For every pair of consecutive frames {@code (f - 1, f)} of the clip, the difference at a
 * pixel is the sum over the colour channels of the absolute change of the colour value (in
 * [0, 1], the ImageNet normalisation undone, so that every channel weighs the same). A token's
 * motion is the mean of that difference over its pixels and over every pair that touches one of
 * its frames: the pairs within its tubelet and the two that cross into the time slices before
 * and after it. A tubelet of one frame therefore still has a motion, and an object that moves
 * between two tubelets marks both.
 */
final class TokenMotion {

    /**
     * The excess over the clip's median motion below which a token counts as still: one level of
     * an 8-bit colour channel. Without it, the scaling of {@link #scores} would blow the rounding
     * noise of a still clip up into a preference.
     */
    static final double NOISE_FLOOR = 1.0 / 255;

    private TokenMotion() {
    }

    /**
     * Returns the motion of every token of clip {@code clip}, indexed as {@link TokenGrid#index};
     * all zero for a clip of one frame.
     */
    static double[] of(ClipContent content, int clip) {
        TokenGrid grid = content.grid();
        int frames = content.clipFrames();
        int tubeletFrames = content.tubeletFrames();
        int tubeletHeight = content.tubeletHeight();
        int tubeletWidth = content.tubeletWidth();
        int channels = ClipContent.CHANNELS;
        int tokenValues = content.tubeletValues();
        FloatBuffer values = content.values();
        int clipStart = clip * grid.tokenCount() * tokenValues;
        // pairSums[f][position]: the difference between frames f - 1 and f summed over the
        // pixels of one spatial position of the grid.
        double[][] pairSums = new double[frames][grid.sliceSize()];
        for (int f = 1; f < frames; f++) {
            int slice = f / tubeletFrames;
            int previousSlice = (f - 1) / tubeletFrames;
            int within = f % tubeletFrames;
            int previousWithin = (f - 1) % tubeletFrames;
            for (int position = 0; position < grid.sliceSize(); position++) {
                int token = clipStart + (slice * grid.sliceSize() + position) * tokenValues;
                int previousToken = clipStart + (previousSlice * grid.sliceSize() + position) * tokenValues;
                int frameStart = within * tubeletHeight * tubeletWidth * channels;
                int previousFrameStart = previousWithin * tubeletHeight * tubeletWidth * channels;
                double sum = 0;
                for (int pixel = 0; pixel < tubeletHeight * tubeletWidth; pixel++) {
                    for (int c = 0; c < channels; c++) {
                        int offset = pixel * channels + c;
                        float now = values.get(token + frameStart + offset);
                        float before = values.get(previousToken + previousFrameStart + offset);
                        sum += Math.abs(now - before) * ClipContent.STD[c];
                    }
                }
                pairSums[f][position] = sum;
            }
        }
        double[] motion = new double[grid.tokenCount()];
        if (frames < 2) {
            return motion;
        }
        int pixels = tubeletHeight * tubeletWidth;
        for (int t = 0; t < grid.frames(); t++) {
            // The pairs (f - 1, f) with f - 1 or f among the slice's frames, within the clip.
            int first = Math.max(1, t * tubeletFrames);
            int last = Math.min(frames - 1, (t + 1) * tubeletFrames);
            for (int position = 0; position < grid.sliceSize(); position++) {
                double sum = 0;
                for (int f = first; f <= last; f++) {
                    sum += pairSums[f][position];
                }
                motion[t * grid.sliceSize() + position] = sum / ((last - first + 1) * (double) pixels);
            }
        }
        return motion;
    }

    /**
     * Returns the motion above the clip's median by more than {@link #NOISE_FLOOR}, scaled so that
     * the largest is 1: the tokens that move more than most of the clip, with a change common to
     * the whole clip (sensor noise, flicker, a brightness ramp) taken out. All zero when no token
     * moves that much more than the median.
     */
    static double[] scores(double[] motion) {
        double[] sorted = motion.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double base = median + NOISE_FLOOR;
        double largest = sorted[n - 1] - base;
        double[] scores = new double[n];
        if (!(largest > 0)) {
            return scores;
        }
        for (int i = 0; i < n; i++) {
            scores[i] = Math.max(0, motion[i] - base) / largest;
        }
        return scores;
    }
}
