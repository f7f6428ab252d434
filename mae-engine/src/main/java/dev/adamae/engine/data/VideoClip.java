package dev.adamae.engine.data;

import java.util.Arrays;

/**
 * One clip, ready for the model: pixels normalised with the ImageNet mean and standard
 * deviation, laid out channel-major as {@code [3][frames][height][width]}.
 *
 * @param id a name for messages and reports (a file path, or the data set and index)
 * @param pixels {@code 3 * frames * height * width} values, channel slowest, width fastest
 * @param frames frames of the clip
 * @param height height in pixels
 * @param width width in pixels
 * @param label the class index, or {@link #NO_LABEL}
 * @param foreground per pixel, whether a moving object covers it, {@code [frames][height][width]}
 *     with width fastest; {@code null} when the data set does not know
 */
public record VideoClip(String id, float[] pixels, int frames, int height, int width, int label, boolean[] foreground) {

    /** The label of a clip whose class is unknown. */
    public static final int NO_LABEL = -1;

    /** The colour channels of a clip. */
    public static final int CHANNELS = 3;

    /** ImageNet's per-channel mean of pixels in [0, 1], red first. */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    /** ImageNet's per-channel standard deviation of pixels in [0, 1], red first. */
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    public VideoClip {
        if (frames < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("Clip " + id + " has no pixels: " + frames + "x" + height + "x" + width);
        }
        long expected = (long) CHANNELS * frames * height * width;
        if (pixels == null || pixels.length != expected) {
            throw new IllegalArgumentException("Clip " + id + " has " + (pixels == null ? 0 : pixels.length)
                    + " values, expected " + expected);
        }
        if (foreground != null && foreground.length != (long) frames * height * width) {
            throw new IllegalArgumentException("Clip " + id + "'s foreground mask has " + foreground.length
                    + " values, expected " + (long) frames * height * width);
        }
    }

    /** Returns the index of pixel {@code (c, t, y, x)} in {@link #pixels()}. */
    public int pixelIndex(int channel, int t, int y, int x) {
        return ((channel * frames + t) * height + y) * width + x;
    }

    /** Returns the index of pixel {@code (t, y, x)} in {@link #foreground()}. */
    public int foregroundIndex(int t, int y, int x) {
        return (t * height + y) * width + x;
    }

    /** Tells whether the clip has a label. */
    public boolean labelled() {
        return label != NO_LABEL;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VideoClip clip && id.equals(clip.id) && frames == clip.frames && height == clip.height
                && width == clip.width && label == clip.label && Arrays.equals(pixels, clip.pixels)
                && Arrays.equals(foreground, clip.foreground);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "VideoClip[" + id + ", " + frames + "x" + height + "x" + width + ", label " + label + "]";
    }
}
