package dev.adamae.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSamplingTest {

    @Test
    void uniformSubsetsAreAscendingUniqueAndCoverEveryValueEqually() {
        SplittableRandom random = new SplittableRandom(1);
        int draws = 20000;
        int[] counts = new int[10];
        for (int i = 0; i < draws; i++) {
            int[] subset = TokenSampling.uniformSubset(10, 3, random);
            assertThat(subset).hasSize(3).isSorted().doesNotHaveDuplicates();
            for (int value : subset) {
                counts[value]++;
            }
        }
        for (int count : counts) {
            assertThat(count / (double) draws).isCloseTo(0.3, within(0.015));
        }
    }

    @Test
    void drawsWithoutReplacementIncludeEachIndexWithItsExactProbability() {
        double[] p = {0.4, 0.3, 0.15, 0.1, 0.05};
        int k = 2;
        double[] exact = exactInclusion(p, k);
        int draws = 100_000;
        int[] counts = new int[p.length];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < draws; i++) {
            int[] drawn = TokenSampling.withoutReplacement(p, k, random);
            assertThat(drawn).hasSize(k).isSorted().doesNotHaveDuplicates();
            for (int index : drawn) {
                counts[index]++;
            }
        }
        // Standard errors are below 0.0016; a sampler with replacement, or one that picks the
        // top-k of p, or that adds noise to p rather than log p, misses by far more.
        for (int i = 0; i < p.length; i++) {
            assertThat(counts[i] / (double) draws).as("index %d, exact %s", i, exact[i])
                    .isCloseTo(exact[i], within(0.008));
        }
    }

    @Test
    void indicesOfZeroProbabilityAreDrawnOnlyWhenNothingElseIsLeft() {
        double[] p = {0, 0.5, 0, 0.5, 0};
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            assertThat(TokenSampling.withoutReplacement(p, 2, random)).containsExactly(1, 3);
            assertThat(TokenSampling.withoutReplacement(p, 3, random)).contains(1, 3).hasSize(3);
        }
    }

    @Test
    void theSameSeedGivesTheSameDraw() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        assertThat(TokenSampling.withoutReplacement(p, 2, new SplittableRandom(9)))
                .isEqualTo(TokenSampling.withoutReplacement(p, 2, new SplittableRandom(9)));
    }

    /** Sums, over every ordered sequence of k distinct indices, the probability of drawing it. */
    private static double[] exactInclusion(double[] p, int k) {
        double[] inclusion = new double[p.length];
        enumerate(p, k, new boolean[p.length], 1.0, 1.0, inclusion);
        return inclusion;
    }

    private static void enumerate(double[] p, int left, boolean[] taken, double remaining, double probability,
            double[] inclusion) {
        if (left == 0) {
            for (int i = 0; i < p.length; i++) {
                if (taken[i]) {
                    inclusion[i] += probability;
                }
            }
            return;
        }
        for (int i = 0; i < p.length; i++) {
            if (!taken[i]) {
                taken[i] = true;
                enumerate(p, left - 1, taken, remaining - p[i], probability * p[i] / remaining, inclusion);
                taken[i] = false;
            }
        }
    }
}
