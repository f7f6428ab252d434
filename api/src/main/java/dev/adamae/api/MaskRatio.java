package dev.adamae.api;

/**
 * How a mask ratio turns into whole numbers of tokens, written once for every strategy.
 *
 * <p>Products such as {@code 100 * 0.29} land a hair below the whole number in floating point;
 * the rounding here forgives an error of {@value #EPSILON} so that such ratios round as written.
 */
public final class MaskRatio {

    /** The floating-point slack forgiven when a product of count and ratio is rounded down. */
    public static final double EPSILON = 1e-9;

    private MaskRatio() {
    }

    /** Checks that {@code ratio} is a mask ratio: finite and strictly between 0 and 1. */
    public static double check(double ratio) {
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("Mask ratio must be strictly between 0 and 1, got " + ratio);
        }
        return ratio;
    }

    /** Returns {@code floor(count * ratio)}: how many of {@code count} units a ratio hides. */
    public static int hiddenOf(int count, double ratio) {
        check(ratio);
        return (int) Math.floor(count * ratio + EPSILON);
    }

    /** Returns {@code floor(count * (1 - ratio))}: how many of {@code count} units a ratio keeps. */
    public static int keptOf(int count, double ratio) {
        check(ratio);
        return (int) Math.floor(count * (1 - ratio) + EPSILON);
    }

    /**
     * Checks that a number of visible tokens is usable: at least one token seen and one hidden.
     *
     * @param visible the number of visible tokens a strategy derived from {@code ratio}
     * @param grid the grid
     * @param ratio the ratio, for the message
     * @return {@code visible}
     */
    public static int checkVisible(int visible, TokenGrid grid, double ratio, String unit) {
        if (visible < 1 || visible >= grid.tokenCount()) {
            throw new IllegalArgumentException("Mask ratio " + ratio + " leaves " + visible + " of the "
                    + grid.tokenCount() + " tokens of grid " + grid + " visible (rounded to whole " + unit
                    + "); at least one token must be visible and one hidden");
        }
        return visible;
    }
}
