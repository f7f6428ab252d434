package dev.adamae.masking.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.MaskRequest;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the adaptive strategy draws visible tokens from its sampler's probabilities. */
class AdaptiveMaskingStrategyTest {

    /** Six tokens of clearly different weights. */
    private static final double[] P = {0.4, 0.25, 0.15, 0.1, 0.06, 0.04};
    private static final TokenGrid SIX_TOKENS = new TokenGrid(1, 2, 3);
    private static final int DRAWS = 40_000;
    /** Four standard deviations of an inclusion frequency over {@link #DRAWS} draws at most. */
    private static final double TOLERANCE = 0.01;

    private final AdaptiveMaskingStrategy strategy = Strategies.adaptive();

    @Test
    void inclusionFrequenciesMatchTheExactInclusionProbabilitiesOfSuccessiveSampling() {
        for (int visible = 1; visible <= 3; visible++) {
            double[] exact = inclusionProbabilities(P, visible);
            double ratio = 1 - visible / 6.0 - 1e-3;
            TokenMask mask = strategy.sample(new MaskRequest(SIX_TOKENS, ratio, DRAWS, new SplittableRandom(visible),
                    sameForEveryClip(P, DRAWS)));
            assertThat(mask.visibleCount()).isEqualTo(visible);
            double[] frequencies = frequencies(mask, IntStream.range(0, DRAWS));
            for (int token = 0; token < P.length; token++) {
                assertThat(frequencies[token]).as("token %d with %d visible", token, visible)
                        .isCloseTo(exact[token], within(TOLERANCE));
            }
        }
    }

    @Test
    void theToleranceSeparatesTheExactDrawFromBiasedOnes() {
        for (int visible = 1; visible <= 3; visible++) {
            double[] exact = inclusionProbabilities(P, visible);
            assertThat(Arrays.stream(exact).sum()).isCloseTo(visible, within(1e-12));
            // Top-k of p without noise: the same tokens every time.
            double[] topK = new double[P.length];
            Arrays.fill(topK, 0, visible, 1.0);
            assertThat(largestDifference(exact, topK)).as("top-k, %d visible", visible)
                    .isGreaterThan(3 * TOLERANCE);
            if (visible > 1) {
                // k independent draws with replacement; and inclusion proportional to p.
                double[] withReplacement = new double[P.length];
                double[] proportional = new double[P.length];
                for (int token = 0; token < P.length; token++) {
                    withReplacement[token] = 1 - Math.pow(1 - P[token], visible);
                    proportional[token] = Math.min(1, visible * P[token]);
                }
                assertThat(largestDifference(exact, withReplacement)).as("with replacement, %d visible", visible)
                        .isGreaterThan(3 * TOLERANCE);
                assertThat(largestDifference(exact, proportional)).as("proportional, %d visible", visible)
                        .isGreaterThan(3 * TOLERANCE);
            }
        }
    }

    @Test
    void eachClipIsDrawnFromItsOwnDistribution() {
        double[] reversed = new double[P.length];
        for (int token = 0; token < P.length; token++) {
            reversed[token] = P[P.length - 1 - token];
        }
        int clips = 20_000;
        double[][] rows = new double[clips][];
        for (int clip = 0; clip < clips; clip++) {
            rows[clip] = clip % 2 == 0 ? P : reversed;
        }
        TokenMask mask = strategy.sample(new MaskRequest(SIX_TOKENS, 0.6, clips, new SplittableRandom(3),
                new TokenProbabilities(SIX_TOKENS, rows)));
        double[] even = frequencies(mask, IntStream.range(0, clips).filter(clip -> clip % 2 == 0));
        double[] odd = frequencies(mask, IntStream.range(0, clips).filter(clip -> clip % 2 == 1));
        double[] exactEven = inclusionProbabilities(P, 2);
        double[] exactOdd = inclusionProbabilities(reversed, 2);
        for (int token = 0; token < P.length; token++) {
            assertThat(even[token]).as("even clips, token %d", token).isCloseTo(exactEven[token], within(0.02));
            assertThat(odd[token]).as("odd clips, token %d", token).isCloseTo(exactOdd[token], within(0.02));
        }
    }

    @Test
    void visibleTokensAreDistinctAndTheirCountIsFloorOfNTimesOneMinusRatioAtEveryRatio() {
        TokenGrid grid = new TokenGrid(8, 14, 14);
        for (int percent = 50; percent <= 98; percent++) {
            BigDecimal exactRatio = BigDecimal.valueOf(percent, 2);
            double ratio = exactRatio.doubleValue();
            int expected = BigDecimal.valueOf(grid.tokenCount()).multiply(BigDecimal.ONE.subtract(exactRatio))
                    .setScale(0, RoundingMode.FLOOR).intValueExact();
            assertThat(strategy.visibleCount(grid, ratio)).as("ratio %s", ratio).isEqualTo(expected);
            TokenMask mask = strategy.sample(new MaskRequest(grid, ratio, 2, new SplittableRandom(percent),
                    uniform(grid, 2)));
            for (int clip = 0; clip < 2; clip++) {
                assertThat(mask.visible(clip)).as("ratio %s, clip %d", ratio, clip)
                        .hasSize(expected).doesNotHaveDuplicates();
            }
        }
        assertThat(strategy.visibleCount(grid, 0.95)).isEqualTo(78);
    }

    @Test
    void aRequestWithoutProbabilitiesIsRefusedNamingTheStrategy() {
        MaskRequest request = new MaskRequest(SIX_TOKENS, 0.5, 1, new SplittableRandom(1));

        assertThatThrownBy(() -> strategy.sample(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'adaptive'")
                .hasMessageContaining("probabilities");
    }

    @Test
    void tokensOfZeroProbabilityAreShownOnlyWhenTooFewOthersArePositive() {
        double[] twoPositive = {0, 0.5, 0, 0.5, 0, 0};
        TokenMask two = strategy.sample(new MaskRequest(SIX_TOKENS, 0.6, 100, new SplittableRandom(2),
                sameForEveryClip(twoPositive, 100)));
        TokenMask three = strategy.sample(new MaskRequest(SIX_TOKENS, 0.5, 100, new SplittableRandom(2),
                sameForEveryClip(twoPositive, 100)));

        for (int clip = 0; clip < 100; clip++) {
            assertThat(two.visible(clip)).containsExactly(1, 3);
            assertThat(three.visible(clip)).contains(1, 3);
        }
    }

    /**
     * Returns each token's probability of being among the first {@code k} of successive sampling
     * without replacement from {@code p}, by enumerating every ordered sequence of {@code k} tokens.
     */
    static double[] inclusionProbabilities(double[] p, int k) {
        double[] inclusion = new double[p.length];
        enumerate(p, k, new boolean[p.length], 1.0, Arrays.stream(p).sum(), inclusion);
        return inclusion;
    }

    private static void enumerate(double[] p, int left, boolean[] taken, double probability, double remaining,
            double[] inclusion) {
        if (left == 0) {
            for (int token = 0; token < p.length; token++) {
                if (taken[token]) {
                    inclusion[token] += probability;
                }
            }
            return;
        }
        for (int token = 0; token < p.length; token++) {
            if (!taken[token]) {
                taken[token] = true;
                enumerate(p, left - 1, taken, probability * p[token] / remaining, remaining - p[token], inclusion);
                taken[token] = false;
            }
        }
    }

    private static double[] frequencies(TokenMask mask, IntStream clips) {
        double[] counts = new double[mask.grid().tokenCount()];
        int[] seen = {0};
        clips.forEach(clip -> {
            seen[0]++;
            for (int token : mask.visible(clip)) {
                counts[token]++;
            }
        });
        return Arrays.stream(counts).map(count -> count / seen[0]).toArray();
    }

    private static double largestDifference(double[] a, double[] b) {
        return IntStream.range(0, a.length).mapToDouble(i -> Math.abs(a[i] - b[i])).max().orElseThrow();
    }

    private static TokenProbabilities sameForEveryClip(double[] p, int clips) {
        double[][] rows = new double[clips][];
        Arrays.fill(rows, p);
        return new TokenProbabilities(new TokenGrid(1, 2, 3), rows);
    }

    private static TokenProbabilities uniform(TokenGrid grid, int clips) {
        double[][] rows = new double[clips][grid.tokenCount()];
        for (double[] row : rows) {
            Arrays.fill(row, 1.0 / grid.tokenCount());
        }
        return new TokenProbabilities(grid, rows);
    }
}
