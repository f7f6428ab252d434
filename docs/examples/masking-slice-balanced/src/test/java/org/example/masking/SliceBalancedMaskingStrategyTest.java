package org.example.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.testkit.MaskingStrategyContractTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The contract kit checks what every strategy must do; the test below, what this one adds. */
class SliceBalancedMaskingStrategyTest extends MaskingStrategyContractTest {

    @Override
    protected MaskingStrategyFactory factory() {
        return new SliceBalancedMaskingStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int hidden = (int) Math.floor(grid.sliceSize() * ratio + MaskRatio.EPSILON);
        return hidden >= 1 && hidden < grid.sliceSize() ? grid.frames() * (grid.sliceSize() - hidden) : -1;
    }

    @Test
    void everySliceKeepsTheSameNumberOfTokens() {
        TokenGrid grid = new TokenGrid(8, 8, 8);
        TokenMask mask = strategy().sample(new MaskRequest(grid, 0.75, 3, new SplittableRandom(1)));
        for (int clip = 0; clip < mask.batchSize(); clip++) {
            int[] perSlice = new int[grid.frames()];
            for (int token : mask.visible(clip)) {
                perSlice[grid.frameOf(token)]++;
            }
            assertThat(perSlice).containsOnly(16);
        }
    }
}
