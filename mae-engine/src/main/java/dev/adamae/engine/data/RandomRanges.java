package dev.adamae.engine.data;

import java.util.SplittableRandom;

/** Draws numbers uniformly from a range, for the procedural data sets. */
final class RandomRanges {

    private RandomRanges() {}

    /** Returns a number drawn uniformly from {@code [low, high)}, or {@code low} when the range is empty. */
    static double between(SplittableRandom random, double low, double high) {
        // Unlike SplittableRandom.nextDouble(low, high), this accepts low == high.
        return low + (high - low) * random.nextDouble();
    }
}
