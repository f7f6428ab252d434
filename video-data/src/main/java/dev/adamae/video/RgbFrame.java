package dev.adamae.video;

/**
 * One decoded frame: red, green and blue values in {@code [0, 1]}, row by row, the three colours
 * of a pixel side by side.
 *
 * @param width the width in pixels
 * @param height the height in pixels
 * @param values {@code height * width * 3} values; value {@code (y, x, channel)} is at
 *     {@code (y * width + x) * 3 + channel}
 */
public record RgbFrame(int width, int height, float[] values) {

    /** The colours of a pixel. */
    public static final int CHANNELS = 3;

    public RgbFrame {
        if (width < 1 || height < 1 || values == null || values.length != (long) width * height * CHANNELS) {
            throw new IllegalArgumentException("A " + width + "x" + height + " RGB frame needs " + (long) width * height * CHANNELS
                    + " values, got " + (values == null ? 0 : values.length));
        }
    }

    /** Returns the value of {@code channel} (0 red, 1 green, 2 blue) at column {@code x} of row {@code y}. */
    public float value(int y, int x, int channel) {
        return values[(y * width + x) * CHANNELS + channel];
    }
}
