package dev.adamae.engine.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenVarianceTest {

    private static final int TOKENS = 6;
    private static final int WIDTH = 3;

    /** Clip c, token k, feature d: place(k, d) * a + clip(c, d) * b + noise * e. */
    private static TokenVariance.Shares shares(double a, double b, double e) {
        SplittableRandom random = new SplittableRandom(3);
        double[][] place = new double[TOKENS][WIDTH];
        for (double[] row : place) {
            for (int d = 0; d < WIDTH; d++) {
                row[d] = random.nextGaussian();
            }
        }
        TokenVariance variance = new TokenVariance(TOKENS, WIDTH);
        for (int c = 0; c < 400; c++) {
            double[] clip = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            float[][] features = new float[TOKENS][WIDTH];
            for (int k = 0; k < TOKENS; k++) {
                for (int d = 0; d < WIDTH; d++) {
                    features[k][d] = (float) (5 + place[k][d] * a + clip[d] * b + random.nextGaussian() * e);
                }
            }
            variance.add(features);
        }
        return variance.shares();
    }

    @Test
    void featuresThatDependOnTheClipAloneHaveAClipShareOfOne() {
        TokenVariance.Shares shares = shares(0, 1, 0);
        assertThat(shares.clip()).isCloseTo(1, within(1e-6));
        assertThat(shares.place()).isCloseTo(0, within(1e-6));
        assertThat(shares.token()).isCloseTo(0, within(1e-6));
        assertThat(shares.clips()).isEqualTo(400);
    }

    @Test
    void featuresThatDependOnThePlaceAloneHaveAPlaceShareOfOne() {
        TokenVariance.Shares shares = shares(1, 0, 0);
        assertThat(shares.place()).isCloseTo(1, within(1e-6));
        assertThat(shares.clip()).isCloseTo(0, within(1e-6));
    }

    @Test
    void mixedPartsSplitAsTheExplicitTwoWayDecompositionDoes() {
        SplittableRandom random = new SplittableRandom(11);
        int clips = 50;
        float[][][] all = new float[clips][TOKENS][WIDTH];
        TokenVariance variance = new TokenVariance(TOKENS, WIDTH);
        for (int c = 0; c < clips; c++) {
            for (int k = 0; k < TOKENS; k++) {
                for (int d = 0; d < WIDTH; d++) {
                    all[c][k][d] = (float) (k * 0.3 - d + c % 7 * 0.2 + random.nextGaussian() * 0.5);
                }
            }
            variance.add(all[c]);
        }
        // The decomposition written out: grand, place and clip means, then the three sums.
        double place = 0;
        double clip = 0;
        double total = 0;
        for (int d = 0; d < WIDTH; d++) {
            double grand = 0;
            double[] placeMean = new double[TOKENS];
            double[] clipMean = new double[clips];
            for (int c = 0; c < clips; c++) {
                for (int k = 0; k < TOKENS; k++) {
                    grand += all[c][k][d] / (double) (clips * TOKENS);
                    placeMean[k] += all[c][k][d] / (double) clips;
                    clipMean[c] += all[c][k][d] / (double) TOKENS;
                }
            }
            for (int c = 0; c < clips; c++) {
                for (int k = 0; k < TOKENS; k++) {
                    total += Math.pow(all[c][k][d] - grand, 2);
                    place += Math.pow(placeMean[k] - grand, 2);
                    clip += Math.pow(clipMean[c] - grand, 2);
                }
            }
        }
        TokenVariance.Shares shares = variance.shares();
        assertThat(shares.place()).isCloseTo(place / total, within(1e-9));
        assertThat(shares.clip()).isCloseTo(clip / total, within(1e-9));
        assertThat(shares.token()).isCloseTo(1 - (place + clip) / total, within(1e-9));
        assertThat(List.of(shares.place(), shares.clip(), shares.token())).allSatisfy(share -> assertThat(share)
                .isGreaterThan(0.05));
    }

    @Test
    void oneClipIsNotEnoughAndAWrongShapeIsRefused() {
        TokenVariance variance = new TokenVariance(TOKENS, WIDTH);
        variance.add(new float[TOKENS][WIDTH]);
        assertThatThrownBy(variance::shares).hasMessageContaining("at least 2 clips");
        assertThatThrownBy(() -> variance.add(new float[TOKENS + 1][WIDTH])).hasMessageContaining("Expected 6 x 3");
    }
}
