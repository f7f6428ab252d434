package dev.adamae.video;

/**
 * A rectangle of a frame, in pixels.
 *
 * @param x the left column
 * @param y the top row
 * @param width the width, at least 1
 * @param height the height, at least 1
 */
public record CropWindow(int x, int y, int width, int height) {

    public CropWindow {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("A crop window needs x, y >= 0 and a size of at least 1x1, got " + width + "x"
                    + height + " at (" + x + ", " + y + ")");
        }
    }

    /** Tells whether the window lies inside a frame of {@code frameWidth x frameHeight}. */
    public boolean fitsIn(int frameWidth, int frameHeight) {
        return x + width <= frameWidth && y + height <= frameHeight;
    }
}
