package dev.adamae.video;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses a crop window as VideoMAE's {@code GroupMultiScaleCrop} (from TSN) does: the width and
 * the height are each a scale times the frame's shorter side, drawn as a pair whose two scales
 * lie at most {@code maxDistortion} places apart in the list of scales; the window's corner is
 * one of 13 fixed positions (four corners, centre, four edge centres, four quarter points).
 *
 * <p>One simplification: VideoMAE snaps a crop side within 2 pixels of the output size to the
 * output size; that depends on the size frames happen to be decoded at, so it is left out.
 */
final class MultiScaleCrop {

    /** The fixed corner positions in quarters of the free room, x then y. */
    private static final int[][] QUARTER_OFFSETS = {
        {0, 0}, {4, 0}, {0, 4}, {4, 4}, {2, 2},
        {0, 2}, {4, 2}, {2, 4}, {2, 0},
        {1, 1}, {3, 1}, {1, 3}, {3, 3},
    };

    private MultiScaleCrop() {
    }

    /** Returns the number of fixed corner positions a window is chosen among. */
    static int positions() {
        return QUARTER_OFFSETS.length;
    }

    /**
     * Draws a crop window of a {@code frameWidth x frameHeight} frame: first the size pair, then
     * the position, as VideoMAE draws them.
     */
    static CropWindow choose(int frameWidth, int frameHeight, List<Double> scales, int maxDistortion,
            SplittableRandom random) {
        int shorter = Math.min(frameWidth, frameHeight);
        int[] sides = new int[scales.size()];
        for (int i = 0; i < sides.length; i++) {
            sides[i] = Math.max(1, (int) (shorter * scales.get(i)));
        }
        List<int[]> pairs = new ArrayList<>();
        for (int heightScale = 0; heightScale < sides.length; heightScale++) {
            for (int widthScale = 0; widthScale < sides.length; widthScale++) {
                if (Math.abs(heightScale - widthScale) <= maxDistortion) {
                    pairs.add(new int[] {sides[widthScale], sides[heightScale]});
                }
            }
        }
        int[] size = pairs.get(random.nextInt(pairs.size()));
        int[] quarters = QUARTER_OFFSETS[random.nextInt(QUARTER_OFFSETS.length)];
        return at(frameWidth, frameHeight, size[0], size[1], quarters[0], quarters[1]);
    }

    /** Returns the window of {@code width x height} at fixed position {@code position} (0 to 12). */
    static CropWindow atPosition(int frameWidth, int frameHeight, int width, int height, int position) {
        int[] quarters = QUARTER_OFFSETS[position];
        return at(frameWidth, frameHeight, width, height, quarters[0], quarters[1]);
    }

    private static CropWindow at(int frameWidth, int frameHeight, int width, int height, int xQuarters, int yQuarters) {
        // As TSN: the room is cut into four equal steps, rounded down, so the "right" edge may leave a few pixels.
        int xStep = (frameWidth - width) / 4;
        int yStep = (frameHeight - height) / 4;
        return new CropWindow(xQuarters * xStep, yQuarters * yStep, width, height);
    }
}
