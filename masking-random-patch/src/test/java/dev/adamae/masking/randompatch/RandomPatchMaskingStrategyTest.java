package dev.adamae.masking.randompatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.testkit.MaskingStrategyContractTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomPatchMaskingStrategyTest extends MaskingStrategyContractTest {

    @Override
    protected MaskingStrategyFactory factory() {
        return new RandomPatchMaskingStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int hidden = (int) Math.floor(grid.tokenCount() * ratio + MaskRatio.EPSILON);
        int visible = grid.tokenCount() - hidden;
        return visible >= 1 && hidden >= 1 ? visible : -1;
    }

    @Test
    void theBaseGridAtNinetyPercentKeeps157Tokens() {
        assertThat(strategy().visibleCount(new TokenGrid(8, 14, 14), 0.9)).isEqualTo(1568 - 1411);
    }

    @Test
    void everyTokenIsVisibleEquallyOftenOverManyDraws() {
        MaskingStrategy strategy = strategy();
        TokenGrid grid = new TokenGrid(2, 4, 4);
        int draws = 4000;
        int[] counts = new int[grid.tokenCount()];
        SplittableRandom random = new SplittableRandom(42);
        TokenMask mask = strategy.sample(new MaskRequest(grid, 0.75, draws, random));
        for (int clip = 0; clip < draws; clip++) {
            for (int token : mask.visible(clip)) {
                counts[token]++;
            }
        }
        // Each token is visible with probability 8/32; the standard error over 4000 draws is 0.007.
        for (int token = 0; token < counts.length; token++) {
            assertThat(counts[token] / (double) draws).as("token %d", token).isCloseTo(0.25,
                    org.assertj.core.api.Assertions.within(0.03));
        }
    }

    @Test
    void clipsOfABatchAreDrawnIndependently() {
        TokenMask mask = strategy().sample(new MaskRequest(new TokenGrid(8, 8, 8), 0.9, 4, new SplittableRandom(3)));
        assertThat(mask.visible(0)).isNotEqualTo(mask.visible(1));
        assertThat(mask.visible(1)).isNotEqualTo(mask.visible(2));
    }
}
