package dev.adamae.runner.bench;

import java.util.Locale;

/**
 * One run of a head-to-head benchmark: a strategy at a mask ratio, with one seed; or the control,
 * an encoder never pre-trained, evaluated with that seed.
 *
 * @param strategy the strategy's name, as its plugin gives it, or {@value #CONTROL} for the control
 * @param ratio the mask ratio, NaN for the control
 * @param seed the seed of pre-training and evaluation
 */
public record BenchRun(String strategy, double ratio, long seed) {

    /** The name of the control row: no pre-training, the weights the seed initialises. */
    public static final String CONTROL = "none";

    /** Returns the control run of {@code seed}. */
    public static BenchRun control(long seed) {
        return new BenchRun(CONTROL, Double.NaN, seed);
    }

    /** Tells whether this is the control: an encoder never pre-trained. */
    public boolean isControl() {
        return CONTROL.equals(strategy) && Double.isNaN(ratio);
    }

    /** Returns the run's folder name, e.g. {@code tube-0.9-s1}, or {@code none-s1} for the control. */
    public String id() {
        String name = strategy.replaceAll("[^A-Za-z0-9._-]", "_");
        return (isControl() ? name : name + "-" + ratioText()) + "-s" + seed;
    }

    /** Returns the ratio as the user wrote it, without trailing zeros; {@code -} for the control. */
    public String ratioText() {
        return isControl() ? "-" : ratioText(ratio);
    }

    /** Returns {@code ratio} as the user wrote it, without trailing zeros. */
    static String ratioText(double ratio) {
        return new java.math.BigDecimal(Double.toString(ratio)).stripTrailingZeros().toPlainString();
    }

    /** Returns the {@code strategy:ratio} of the run, the key its seeds are grouped by; {@code none} for the control. */
    public String entry() {
        return isControl() ? CONTROL : strategy + ":" + ratioText();
    }

    @Override
    public String toString() {
        return isControl() ? String.format(Locale.ROOT, "%s seed %d", strategy, seed)
                : String.format(Locale.ROOT, "%s %s seed %d", strategy, ratioText(), seed);
    }
}
