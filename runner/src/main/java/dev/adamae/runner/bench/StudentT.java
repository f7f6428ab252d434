package dev.adamae.runner.bench;

/**
 * Student's t distribution, for the confidence interval of a mean over a few seeds: its
 * cumulative distribution through the regularised incomplete beta function, and its quantiles by
 * bisection on it, for any number of degrees of freedom.
 */
final class StudentT {

    private static final double[] LANCZOS = {76.18009172947146, -86.50532032941677, 24.01409824083091,
        -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5};

    private StudentT() {
    }

    /**
     * Returns the {@code p} quantile: the {@code t} with {@code P(T <= t) = p}.
     *
     * @param p in (0, 1)
     * @param degrees the degrees of freedom, at least 1
     */
    static double quantile(double p, int degrees) {
        if (!(p > 0 && p < 1) || degrees < 1) {
            throw new IllegalArgumentException("A t quantile needs p in (0, 1) and at least 1 degree of freedom, got "
                    + p + " and " + degrees);
        }
        if (p < 0.5) {
            return -quantile(1 - p, degrees);
        }
        double low = 0;
        double high = 1;
        while (cdf(high, degrees) < p) {
            low = high;
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-12 * high; i++) {
            double middle = (low + high) / 2;
            if (cdf(middle, degrees) < p) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /** Returns {@code P(T <= t)} for {@code degrees} degrees of freedom. */
    static double cdf(double t, int degrees) {
        double x = degrees / (degrees + t * t);
        double tail = 0.5 * regularizedBeta(x, degrees / 2.0, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The regularised incomplete beta function {@code I_x(a, b)}, by its continued fraction. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        // The continued fraction converges fast for x below (a + 1) / (a + b + 2); use the symmetry otherwise.
        return x < (a + 1) / (a + b + 2) ? front * continuedFraction(x, a, b) / a
                : 1 - front * continuedFraction(1 - x, b, a) / b;
    }

    /** Lentz's evaluation of the incomplete beta function's continued fraction. */
    private static double continuedFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 1000; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + even * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + even / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + odd * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + odd / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** The logarithm of the gamma function, by Lanczos's approximation (about 1e-10 relative). */
    static double logGamma(double x) {
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.log(tmp);
        double series = 1.000000000190015;
        for (double coefficient : LANCZOS) {
            series += coefficient / ++y;
        }
        return -tmp + Math.log(2.5066282746310005 * series / x);
    }
}
