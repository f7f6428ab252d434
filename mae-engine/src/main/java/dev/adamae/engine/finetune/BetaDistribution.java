package dev.adamae.engine.finetune;

import java.util.random.RandomGenerator;

/**
 * Draws from the Beta distribution, as mixup and cutmix draw their mixing weight: {@code X / (X + Y)}
 * with {@code X ~ Gamma(alpha)} and {@code Y ~ Gamma(beta)}, the gamma draws by Marsaglia and
 * Tsang's method (shape below 1 through {@code Gamma(a + 1) * U^(1/a)}).
 */
final class BetaDistribution {

    private BetaDistribution() {
    }

    /** Returns one draw of {@code Beta(alpha, beta)}, both parameters positive. */
    static double sample(double alpha, double beta, RandomGenerator random) {
        if (!(alpha > 0) || !(beta > 0)) {
            throw new IllegalArgumentException("Beta parameters must be positive, got " + alpha + ", " + beta);
        }
        double x = gamma(alpha, random);
        double y = gamma(beta, random);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    static double gamma(double shape, RandomGenerator random) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(shape + 1, random) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = random.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
