package dev.adamae.runner.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mean of a few values (one per seed) with its 95% confidence interval, {@code mean ± t(0.975,
 * n - 1) s / sqrt(n)}, {@code s} the sample standard deviation and {@code t} Student's quantile;
 * a single value has no interval.
 *
 * @param mean the mean
 * @param low the interval's lower end, NaN with a single value
 * @param high the interval's upper end, NaN with a single value
 * @param n the number of values
 */
record MeanInterval(double mean, double low, double high, int n) {

    /** The confidence of the interval. */
    static final double CONFIDENCE = 0.95;

    /** Returns the mean and interval of {@code values}, or {@code null} when there are none. */
    static MeanInterval of(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (n == 1) {
            return new MeanInterval(mean, Double.NaN, Double.NaN, 1);
        }
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double half = StudentT.quantile(1 - (1 - CONFIDENCE) / 2, n - 1) * Math.sqrt(squares / (n - 1) / n);
        return new MeanInterval(mean, mean - half, mean + half, n);
    }

    /** Tells whether there is an interval: two values or more. */
    boolean hasInterval() {
        return n >= 2;
    }

    /** Tells whether the interval lies wholly on one side of 0. */
    boolean excludesZero() {
        return hasInterval() && (low > 0 || high < 0);
    }

    /** Returns {@code mean [low, high]}, or the mean alone with a single value; signed for a difference. */
    String text(int decimals, boolean signed) {
        String format = "%" + (signed ? "+" : "") + "." + decimals + "f";
        String mean = String.format(Locale.ROOT, format, this.mean);
        if (!hasInterval()) {
            return mean;
        }
        String bounds = "%." + decimals + "f";
        return mean + " [" + String.format(Locale.ROOT, bounds, low) + ", " + String.format(Locale.ROOT, bounds, high)
                + "]";
    }

    /** Returns the figures as JSON fields: {@code mean}, {@code low}, {@code high} (null with one value), {@code seeds}. */
    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mean", mean);
        fields.put("low", hasInterval() ? low : null);
        fields.put("high", hasInterval() ? high : null);
        fields.put("seeds", n);
        return fields;
    }
}
