package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import dev.adamae.api.TokenSampling;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForegroundEnrichmentTest {

    private static final TokenGrid GRID = new TokenGrid(1, 2, 4);
    /** Two of the eight tokens show the object: a quarter of the clip. */
    private static final boolean[] FOREGROUND = {false, true, true, false, false, false, false, false};

    @Test
    void aMaskShowingOnlyForegroundTokensIsEnrichedByTheInverseOfTheirShare() {
        TokenMask mask = new TokenMask(GRID, new int[][] {{1, 2}});
        assertThat(ForegroundEnrichment.ofMask(mask, new boolean[][] {FOREGROUND})).isCloseTo(4.0, within(1e-12));
    }

    @Test
    void aMaskShowingHalfForegroundTokensIsEnrichedTwice() {
        TokenMask mask = new TokenMask(GRID, new int[][] {{2, 5}});
        assertThat(ForegroundEnrichment.ofMask(mask, new boolean[][] {FOREGROUND})).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void uniformMasksAreNotEnrichedOnAverage() {
        SplittableRandom random = new SplittableRandom(1);
        int clips = 4000;
        int[][] visible = new int[clips][];
        boolean[][] foreground = new boolean[clips][];
        for (int clip = 0; clip < clips; clip++) {
            visible[clip] = TokenSampling.uniformSubset(8, 3, random);
            foreground[clip] = FOREGROUND;
        }
        assertThat(ForegroundEnrichment.ofMask(new TokenMask(GRID, visible), foreground)).isCloseTo(1.0, within(0.05));
    }

    @Test
    void probabilitiesAreEnrichedByTheMeanForegroundProbabilityOverTheMean() {
        double[] uniform = new double[8];
        java.util.Arrays.fill(uniform, 1.0 / 8);
        double[] focused = {0.05, 0.35, 0.35, 0.05, 0.05, 0.05, 0.05, 0.05};
        TokenProbabilities probabilities = new TokenProbabilities(GRID, new double[][] {uniform, focused});
        // Clip 0: 1.0; clip 1: mean 0.35 over mean 0.125 = 2.8; averaged over the clips.
        assertThat(ForegroundEnrichment.ofProbabilities(probabilities, new boolean[][] {FOREGROUND, FOREGROUND}))
                .isCloseTo((1.0 + 2.8) / 2, within(1e-9));
    }

    @Test
    void clipsWithoutForegroundAreLeftOut() {
        boolean[] none = new boolean[8];
        TokenMask mask = new TokenMask(GRID, new int[][] {{1, 2}, {3, 4}});
        assertThat(ForegroundEnrichment.ofMask(mask, new boolean[][] {FOREGROUND, none})).isCloseTo(4.0, within(1e-12));
        assertThat(ForegroundEnrichment.ofMask(new TokenMask(GRID, new int[][] {{3, 4}}), new boolean[][] {none}))
                .isNaN();
    }
}
