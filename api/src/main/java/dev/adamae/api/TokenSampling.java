package dev.adamae.api;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Sampling of token subsets without replacement, shared by the strategies.
 */
public final class TokenSampling {

    private TokenSampling() {
    }

    /**
     * Draws {@code k} distinct values of {@code [0, n)}, each subset equally likely.
     *
     * @return the values, ascending
     */
    public static int[] uniformSubset(int n, int k, RandomGenerator random) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("Cannot draw " + k + " distinct values out of " + n);
        }
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        // Partial Fisher-Yates: after step i, pool[0..i] is a uniform draw without replacement.
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        int[] chosen = Arrays.copyOf(pool, k);
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * Draws {@code k} distinct indices from the categorical distribution {@code p}, without
     * replacement: the first is drawn from {@code p}, each next one from {@code p} renormalised
     * over the indices not yet drawn.
     *
     * <p>This is the Gumbel-top-k trick: the {@code k} largest {@code log p_i + G_i}, with
     * {@code G_i} independent standard Gumbel noise, are distributed exactly so. Indices of zero
     * probability come last, in random order, and are drawn only when fewer than {@code k} have
     * positive probability.
     *
     * @param p non-negative weights (they need not sum to 1)
     * @return the drawn indices, ascending
     */
    public static int[] withoutReplacement(double[] p, int k, RandomGenerator random) {
        int n = p.length;
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("Cannot draw " + k + " distinct indices out of " + n);
        }
        double[] keys = new double[n];
        boolean[] positive = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!(p[i] >= 0) || Double.isInfinite(p[i])) {
                throw new IllegalArgumentException("Invalid weight " + p[i] + " at index " + i);
            }
            positive[i] = p[i] > 0;
            double gumbel = standardGumbel(random);
            keys[i] = positive[i] ? Math.log(p[i]) + gumbel : gumbel;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            if (positive[a] != positive[b]) {
                return positive[a] ? -1 : 1;
            }
            return Double.compare(keys[b], keys[a]);
        });
        int[] chosen = new int[k];
        for (int i = 0; i < k; i++) {
            chosen[i] = order[i];
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * Draws the mask of a request from the token probabilities it carries: per clip, independently,
     * {@code visible} tokens without replacement (see {@link #withoutReplacement}). This is what a
     * strategy with a learned sampler does in {@link MaskingStrategy#sample}.
     *
     * @param strategyName the strategy's name, for the message when the request has no probabilities
     * @throws IllegalArgumentException when the request carries no probabilities
     */
    public static TokenMask fromProbabilities(MaskRequest request, int visible, String strategyName) {
        TokenProbabilities probabilities = request.optionalProbabilities().orElseThrow(
                () -> new IllegalArgumentException("The '" + strategyName + "' strategy draws its masks from its "
                        + "sampler's token probabilities, but the request carries none; the engine computes them "
                        + "with the sampler's graph"));
        return TokenMask.ofClips(request.grid(), request.batchSize(),
                clip -> withoutReplacement(probabilities.clip(clip), visible, request.random()));
    }

    private static double standardGumbel(RandomGenerator random) {
        double u;
        do {
            u = random.nextDouble();
        } while (u == 0.0);
        return -Math.log(-Math.log(u));
    }
}
