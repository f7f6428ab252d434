package dev.adamae.masking.runningcell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.testkit.MaskingStrategyContractTest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RunningCellMaskingStrategyTest extends MaskingStrategyContractTest {

    @Override
    protected MaskingStrategyFactory factory() {
        return new RunningCellMaskingStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int hiddenPerCell;
        if (ratio == 0.25) {
            hiddenPerCell = 1;
        } else if (ratio == 0.5) {
            hiddenPerCell = 2;
        } else if (ratio == 0.75) {
            hiddenPerCell = 3;
        } else {
            return -1;
        }
        boolean odd = grid.height() % 2 == 1 || grid.width() % 2 == 1;
        if (odd && grid.frames() % 4 != 0) {
            return -1;
        }
        int visible = grid.tokenCount() / 4 * (4 - hiddenPerCell);
        if (grid.tokenCount() % 4 != 0) {
            throw new AssertionError("an accepted grid holds whole cycles of 4 tokens: " + grid);
        }
        return visible >= 1 && visible < grid.tokenCount() ? visible : -1;
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("default-ratio = 0.9", "default-ratio", "default-ratio = 0.6", "default-ratio");
    }

    @Override
    protected List<Double> ratios() {
        return List.of(0.25, 0.5, 0.6, 0.75, 0.8, 0.9, 0.95);
    }

    /*
     * The four masks VideoMAE V2's RunningCellMaskingGenerator can return on a 5x2x4 grid, one per
     * starting pointer 0..3, as its all_mask_maps holds them (read off by running the generator of
     * OpenGVLab/VideoMAEv2, dataset/masking_generator.py): one string per time slice, the 2 rows of 4
     * tokens in reading order, 'v' for a token it leaves unmasked, 'h' for a masked one.
     */
    private static final List<List<String>> V2_MAPS_AT_HALF = List.of(
            List.of("hvhvvhvh", "vvvvhhhh", "vhvhhvhv", "hhhhvvvv", "hvhvvhvh"),
            List.of("vvvvhhhh", "vhvhhvhv", "hhhhvvvv", "hvhvvhvh", "vvvvhhhh"),
            List.of("vhvhhvhv", "hhhhvvvv", "hvhvvhvh", "vvvvhhhh", "vhvhhvhv"),
            List.of("hhhhvvvv", "hvhvvhvh", "vvvvhhhh", "vhvhhvhv", "hhhhvvvv"));

    private static final List<List<String>> V2_MAPS_AT_THREE_QUARTERS = List.of(
            List.of("hhhhvhvh", "hvhvhhhh", "vhvhhhhh", "hhhhhvhv", "hhhhvhvh"),
            List.of("hvhvhhhh", "vhvhhhhh", "hhhhhvhv", "hhhhvhvh", "hvhvhhhh"),
            List.of("vhvhhhhh", "hhhhhvhv", "hhhhvhvh", "hvhvhhhh", "vhvhhhhh"),
            List.of("hhhhhvhv", "hhhhvhvh", "hvhvhhhh", "vhvhhhhh", "hhhhhvhv"));

    @Test
    void everyMaskIsOneOfVideoMaeV2sMapsAndEveryMapIsDrawn() {
        TokenGrid grid = new TokenGrid(5, 2, 4);
        for (Map.Entry<Double, List<List<String>>> entry
                : Map.of(0.5, V2_MAPS_AT_HALF, 0.75, V2_MAPS_AT_THREE_QUARTERS).entrySet()) {
            TokenMask mask = strategy().sample(new MaskRequest(grid, entry.getKey(), 200, new SplittableRandom(3)));
            Set<List<String>> drawn = new HashSet<>();
            for (int clip = 0; clip < mask.batchSize(); clip++) {
                List<String> map = render(mask, clip);
                assertThat(entry.getValue()).as("clip %d at %s", clip, entry.getKey()).contains(map);
                drawn.add(map);
            }
            assertThat(drawn).as("maps drawn at %s", entry.getKey()).hasSize(4);
        }
    }

    @Test
    void everyCellShowsTheSameTokensInASliceAndTheyStepBackOneInReadingOrderPerSlice() {
        TokenGrid grid = new TokenGrid(9, 6, 8);
        for (double ratio : List.of(0.25, 0.5, 0.75)) {
            int hidden = (int) Math.round(ratio * 4);
            TokenMask mask = strategy().sample(new MaskRequest(grid, ratio, 12, new SplittableRandom(5)));
            for (int clip = 0; clip < mask.batchSize(); clip++) {
                Set<Integer> previous = null;
                for (int t = 0; t < grid.frames(); t++) {
                    Set<Integer> shown = cellTokensVisible(mask, clip, t, 0, 0);
                    for (int cy = 0; cy < grid.height(); cy += 2) {
                        for (int cx = 0; cx < grid.width(); cx += 2) {
                            assertThat(cellTokensVisible(mask, clip, t, cy, cx))
                                    .as("ratio %s, clip %d, slice %d, cell at (%d, %d)", ratio, clip, t, cy, cx)
                                    .isEqualTo(shown);
                        }
                    }
                    assertThat(shown).as("ratio %s, clip %d, slice %d", ratio, clip, t).hasSize(4 - hidden);
                    // The visible tokens are the ones VideoMAE V2's rotated cell leaves unmasked at some phase.
                    int phase = phaseOf(shown, hidden);
                    assertThat(phase).as("ratio %s, clip %d, slice %d: %s is a run", ratio, clip, t, shown)
                            .isNotNegative();
                    if (previous != null) {
                        Set<Integer> steppedBack = new TreeSet<>();
                        previous.forEach(c -> steppedBack.add(Math.floorMod(c - 1, 4)));
                        assertThat(shown).as("ratio %s, clip %d, slice %d after %s", ratio, clip, t, previous)
                                .isEqualTo(steppedBack);
                    }
                    previous = shown;
                }
            }
        }
    }

    @Test
    void theStartingStepIsDrawnUniformlyFromTheSeedOncePerClip() {
        TokenGrid grid = new TokenGrid(4, 2, 2);
        int draws = 4000;
        TokenMask mask = strategy().sample(new MaskRequest(grid, 0.75, draws, new SplittableRandom(21)));
        int[] counts = new int[4];
        for (int clip = 0; clip < draws; clip++) {
            counts[phaseOf(cellTokensVisible(mask, clip, 0, 0, 0), 3)]++;
        }
        for (int phase = 0; phase < 4; phase++) {
            assertThat(counts[phase] / (double) draws).as("phase %d", phase).isCloseTo(0.25, within(0.03));
        }

        Set<Integer> firstPhases = new HashSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            TokenMask one = strategy().sample(new MaskRequest(grid, 0.5, 1, new SplittableRandom(seed)));
            firstPhases.add(phaseOf(cellTokensVisible(one, 0, 0, 0, 0), 2));
            assertThat(strategy().sample(new MaskRequest(grid, 0.5, 1, new SplittableRandom(seed))))
                    .as("seed %d again", seed).isEqualTo(one);
        }
        assertThat(firstPhases).as("starting phases over 20 seeds").hasSize(4);
    }

    @Test
    void aRatioThatIsNotAWholeShareOfTheCellIsRefusedInOneLine() {
        TokenGrid grid = new TokenGrid(8, 8, 8);
        for (double ratio : List.of(0.9, 0.6, 0.1, 0.74)) {
            assertThatThrownBy(() -> strategy().visibleCount(grid, ratio))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Mask ratio " + ratio)
                    .hasMessageContaining("0.25, 0.5 or 0.75")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThatThrownBy(() -> strategy().sample(new MaskRequest(grid, ratio, 1, new SplittableRandom(1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Mask ratio " + ratio);
        }
        assertThatThrownBy(() -> factory().create(settingsWith("default-ratio = 0.9")))
                .hasMessageStartingWith("Invalid setting adamae.masking.strategies.running-cell.default-ratio = 0.9")
                .hasMessageEndingWith(": running-cell hides 1, 2 or 3 of the 4 tokens of each 2x2 cell: use 0.25, 0.5 or 0.75")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void onAnOddGridTheCellsAreCutAtTheEdgeAndEachCycleOfFourSlicesShowsTheRatio() {
        TokenGrid grid = new TokenGrid(8, 7, 7);
        assertThat(strategy().visibleCount(grid, 0.5)).isEqualTo(196);
        assertThat(strategy().visibleCount(grid, 0.75)).isEqualTo(98);
        TokenMask mask = strategy().sample(new MaskRequest(grid, 0.75, 6, new SplittableRandom(2)));
        for (int clip = 0; clip < mask.batchSize(); clip++) {
            for (int t = 0; t < grid.frames(); t++) {
                Set<Integer> shown = cellTokensVisible(mask, clip, t, 0, 0);
                for (int y = 0; y < grid.height(); y++) {
                    for (int x = 0; x < grid.width(); x++) {
                        boolean expected = shown.contains(2 * (y % 2) + x % 2);
                        assertThat(mask.isVisible(clip, grid.index(t, y, x)))
                                .as("clip %d, slice %d, token (%d, %d)", clip, t, y, x).isEqualTo(expected);
                    }
                }
            }
            // Every position is visible in exactly one of each 4 consecutive slices at 0.75.
            for (int y = 0; y < grid.height(); y++) {
                for (int x = 0; x < grid.width(); x++) {
                    int seen = 0;
                    for (int t = 0; t < 4; t++) {
                        seen += mask.isVisible(clip, grid.index(t, y, x)) ? 1 : 0;
                    }
                    assertThat(seen).as("clip %d, position (%d, %d)", clip, y, x).isEqualTo(1);
                }
            }
        }
        assertThatThrownBy(() -> strategy().visibleCount(new TokenGrid(6, 7, 8), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Mask ratio 0.5 on grid 6x7x8")
                .hasMessageContaining("multiple of 4 time slices, not 6");
    }

    /** Returns the tokens, numbered in reading order within the cell, visible in the cell whose top-left is (cy, cx). */
    private static Set<Integer> cellTokensVisible(TokenMask mask, int clip, int t, int cy, int cx) {
        TokenGrid grid = mask.grid();
        Set<Integer> shown = new TreeSet<>();
        for (int c = 0; c < 4; c++) {
            int y = cy + c / 2;
            int x = cx + c % 2;
            if (mask.isVisible(clip, grid.index(t, y, x))) {
                shown.add(c);
            }
        }
        return shown;
    }

    /**
     * Returns the phase {@code p} for which {@code shown} is exactly the tokens {@code c} with
     * {@code (c + p) % 4 >= hidden}, or -1 when there is none.
     */
    private static int phaseOf(Set<Integer> shown, int hidden) {
        for (int p = 0; p < 4; p++) {
            Set<Integer> expected = new TreeSet<>();
            for (int c = 0; c < 4; c++) {
                if ((c + p) % 4 >= hidden) {
                    expected.add(c);
                }
            }
            if (expected.equals(shown)) {
                return p;
            }
        }
        return -1;
    }

    private static List<String> render(TokenMask mask, int clip) {
        TokenGrid grid = mask.grid();
        return java.util.stream.IntStream.range(0, grid.frames()).mapToObj(t -> {
            StringBuilder slice = new StringBuilder();
            for (int s = 0; s < grid.sliceSize(); s++) {
                slice.append(mask.isVisible(clip, t * grid.sliceSize() + s) ? 'v' : 'h');
            }
            return slice.toString();
        }).toList();
    }
}
