package dev.adamae.masking.tube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.testkit.MaskingStrategyContractTest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TubeMaskingStrategyTest extends MaskingStrategyContractTest {

    @Override
    protected MaskingStrategyFactory factory() {
        return new TubeMaskingStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int hiddenPositions = (int) Math.floor(grid.sliceSize() * ratio + MaskRatio.EPSILON);
        int visible = grid.frames() * (grid.sliceSize() - hiddenPositions);
        return visible >= 1 && hiddenPositions >= 1 ? visible : -1;
    }

    @Test
    void everyTimeSliceShowsTheSameSpatialPositions() {
        TokenGrid grid = new TokenGrid(8, 7, 7);
        TokenMask mask = strategy().sample(new MaskRequest(grid, 0.9, 6, new SplittableRandom(9)));
        for (int clip = 0; clip < mask.batchSize(); clip++) {
            int[] firstSlice = positionsIn(mask, clip, 0);
            assertThat(firstSlice).hasSize(49 - 44);
            for (int t = 1; t < grid.frames(); t++) {
                assertThat(positionsIn(mask, clip, t)).as("clip %d, slice %d", clip, t).isEqualTo(firstSlice);
            }
        }
    }

    @Test
    void everySpatialPositionIsVisibleEquallyOftenOverManyDraws() {
        TokenGrid grid = new TokenGrid(2, 4, 4);
        int draws = 4000;
        TokenMask mask = strategy().sample(new MaskRequest(grid, 0.75, draws, new SplittableRandom(1)));
        int[] counts = new int[grid.sliceSize()];
        for (int clip = 0; clip < draws; clip++) {
            for (int position : positionsIn(mask, clip, 0)) {
                counts[position]++;
            }
        }
        for (int position = 0; position < counts.length; position++) {
            assertThat(counts[position] / (double) draws).as("position %d", position).isCloseTo(0.25, within(0.03));
        }
    }

    private static int[] positionsIn(TokenMask mask, int clip, int slice) {
        TokenGrid grid = mask.grid();
        return Arrays.stream(mask.visible(clip))
                .filter(token -> grid.frameOf(token) == slice)
                .map(grid::spatialOf)
                .toArray();
    }
}
