package dev.adamae.masking.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.testkit.MaskingStrategyContractTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameMaskingStrategyTest extends MaskingStrategyContractTest {

    @Override
    protected MaskingStrategyFactory factory() {
        return new FrameMaskingStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int hiddenSlices = (int) Math.floor(grid.frames() * ratio + MaskRatio.EPSILON);
        int visibleSlices = grid.frames() - hiddenSlices;
        return visibleSlices >= 1 && hiddenSlices >= 1 ? visibleSlices * grid.sliceSize() : -1;
    }

    @Test
    void thePapersRatioHidesSevenOfEightSlices() {
        TokenGrid grid = new TokenGrid(8, 14, 14);
        assertThat(strategy().visibleCount(grid, 0.875)).isEqualTo(196);
        assertThat(strategy().visibleCount(grid, 0.9)).isEqualTo(196);
        assertThat(strategy().visibleCount(grid, 0.75)).isEqualTo(2 * 196);
    }

    @Test
    void everySliceIsWhollyVisibleOrWhollyHidden() {
        TokenGrid grid = new TokenGrid(8, 4, 4);
        TokenMask mask = strategy().sample(new MaskRequest(grid, 0.75, 10, new SplittableRandom(4)));
        for (int clip = 0; clip < mask.batchSize(); clip++) {
            int wholeSlices = 0;
            for (int t = 0; t < grid.frames(); t++) {
                int visible = 0;
                for (int s = 0; s < grid.sliceSize(); s++) {
                    visible += mask.isVisible(clip, t * grid.sliceSize() + s) ? 1 : 0;
                }
                assertThat(visible).as("clip %d, slice %d", clip, t).isIn(0, grid.sliceSize());
                wholeSlices += visible == grid.sliceSize() ? 1 : 0;
            }
            assertThat(wholeSlices).isEqualTo(2);
        }
    }

    @Test
    void everySliceIsVisibleEquallyOftenOverManyDraws() {
        TokenGrid grid = new TokenGrid(8, 2, 2);
        int draws = 4000;
        TokenMask mask = strategy().sample(new MaskRequest(grid, 0.875, draws, new SplittableRandom(8)));
        int[] counts = new int[grid.frames()];
        for (int clip = 0; clip < draws; clip++) {
            counts[grid.frameOf(mask.visible(clip)[0])]++;
        }
        for (int t = 0; t < counts.length; t++) {
            assertThat(counts[t] / (double) draws).as("slice %d", t).isCloseTo(0.125, within(0.025));
        }
    }
}
