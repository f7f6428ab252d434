package dev.adamae.runner.bench;

import java.util.Locale;

/**
 * One run of a head-to-head benchmark: a strategy at a mask ratio, with one seed.
 *
 * @param strategy the strategy's name, as its plugin gives it
 * @param ratio the mask ratio
 * @param seed the seed of pre-training and evaluation
 */
public record BenchRun(String strategy, double ratio, long seed) {

    /** Returns the run's folder name, e.g. {@code tube-0.9-s1}. */
    public String id() {
        return strategy.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ratioText() + "-s" + seed;
    }

    /** Returns the ratio as the user wrote it, without trailing zeros. */
    public String ratioText() {
        return new java.math.BigDecimal(Double.toString(ratio)).stripTrailingZeros().toPlainString();
    }

    /** Returns the {@code strategy:ratio} of the run, the key its seeds are grouped by. */
    public String entry() {
        return strategy + ":" + ratioText();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s seed %d", strategy, ratioText(), seed);
    }
}
