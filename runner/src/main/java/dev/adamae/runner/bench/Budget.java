package dev.adamae.runner.bench;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pre-training budget of every run of a benchmark, in place of an equal number of steps:
 * minutes of training steps, or GFLOP of the analytic FLOP count. A benchmark turns it into a
 * fixed number of steps per strategy before any run starts, so that its runs stay deterministic
 * and resumable.
 *
 * @param kind what the amount counts
 * @param amount minutes or GFLOP, above 0
 */
public record Budget(Kind kind, double amount) {

    private static final Pattern FORMAT = Pattern.compile(
            "\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(m|min|mins|minutes|gflop|gflops)\\s*", Pattern.CASE_INSENSITIVE);

    /** What a budget counts. */
    public enum Kind {
        /** Minutes of training steps, from a short measurement of each strategy's step. */
        MINUTES("min"),
        /** GFLOP of the analytic count of each strategy's training step. */
        GFLOP("gflop");

        private final String unit;

        Kind(String unit) {
            this.unit = unit;
        }
    }

    public Budget {
        if (kind == null || !(amount > 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("A budget needs a kind and an amount above 0, got " + kind + " " + amount);
        }
    }

    /**
     * Reads a budget such as {@code 3min}, {@code 3m}, {@code 2.5 minutes} or {@code 400gflop}.
     *
     * @throws IllegalArgumentException with the reason, when the text is not a budget
     */
    public static Budget parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a budget: give minutes (e.g. 3min or 3m) or "
                    + "GFLOP (e.g. 400gflop)");
        }
        double amount = Double.parseDouble(matcher.group(1));
        if (amount == 0) {
            throw new IllegalArgumentException("a budget of 0 gives no pre-training step");
        }
        Kind kind = matcher.group(2).toLowerCase(Locale.ROOT).startsWith("m") ? Kind.MINUTES : Kind.GFLOP;
        return new Budget(kind, amount);
    }

    /** Tells whether the budget is time, which needs a measurement of each strategy's step. */
    public boolean timed() {
        return kind == Kind.MINUTES;
    }

    /** Returns the number of steps the budget buys at {@code costPerStep} (seconds or GFLOP, as the kind counts). */
    public long steps(double costPerStep) {
        double total = timed() ? amount * 60 : amount;
        return (long) Math.floor(total / costPerStep);
    }

    /** Returns the budget as one writes it, e.g. {@code 3min} or {@code 400gflop}: the form the plan records. */
    @Override
    public String toString() {
        return new BigDecimal(Double.toString(amount)).stripTrailingZeros().toPlainString() + kind.unit;
    }
}
