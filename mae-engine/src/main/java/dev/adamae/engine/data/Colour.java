package dev.adamae.engine.data;

/**
 * A colour with channels in [0, 1].
 *
 * @param red the red channel
 * @param green the green channel
 * @param blue the blue channel
 */
record Colour(float red, float green, float blue) {

    Colour {
        if (!(inUnitRange(red) && inUnitRange(green) && inUnitRange(blue))) {
            throw new IllegalArgumentException("Colour channels must be in [0, 1], got " + red + ", " + green + ", " + blue);
        }
    }

    /** Returns channel {@code channel}: 0 red, 1 green, 2 blue. */
    float channel(int channel) {
        return switch (channel) {
            case 0 -> red;
            case 1 -> green;
            case 2 -> blue;
            default -> throw new IllegalArgumentException("No colour channel " + channel);
        };
    }

    private static boolean inUnitRange(float value) {
        return value >= 0 && value <= 1;
    }
}
