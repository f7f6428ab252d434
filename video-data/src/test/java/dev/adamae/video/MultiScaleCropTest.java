package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiScaleCropTest {

    private static final List<Double> SCALES = List.of(1.0, 0.875, 0.75, 0.66);

    @Test
    void cropSidesAreScalesOfTheShorterSidePairedAtMostOnePlaceApart() {
        SplittableRandom random = new SplittableRandom(1);
        Set<List<Integer>> sizes = new HashSet<>();
        for (int draw = 0; draw < 3000; draw++) {
            CropWindow crop = MultiScaleCrop.choose(300, 200, SCALES, 1, random);
            sizes.add(List.of(crop.width(), crop.height()));
            assertThat(crop.fitsIn(300, 200)).isTrue();
        }
        // Shorter side 200: sides 200, 175, 150, 132 (int(200 * 0.66)); pairs whose places differ by at most 1.
        assertThat(sizes).containsExactlyInAnyOrder(
                List.of(200, 200), List.of(175, 200),
                List.of(200, 175), List.of(175, 175), List.of(150, 175),
                List.of(175, 150), List.of(150, 150), List.of(132, 150),
                List.of(150, 132), List.of(132, 132));
    }

    @Test
    void noDistortionGivesSquareCrops() {
        SplittableRandom random = new SplittableRandom(2);
        for (int draw = 0; draw < 200; draw++) {
            CropWindow crop = MultiScaleCrop.choose(320, 240, SCALES, 0, random);
            assertThat(crop.width()).isEqualTo(crop.height());
        }
    }

    @Test
    void positionsAreTheThirteenFixedPointsOfTsn() {
        // Room of 100 x 40 pixels: steps of 25 and 10.
        int[][] expected = {
            {0, 0}, {100, 0}, {0, 40}, {100, 40}, {50, 20},
            {0, 20}, {100, 20}, {50, 40}, {50, 0},
            {25, 10}, {75, 10}, {25, 30}, {75, 30},
        };
        assertThat(MultiScaleCrop.positions()).isEqualTo(expected.length);
        for (int position = 0; position < expected.length; position++) {
            CropWindow crop = MultiScaleCrop.atPosition(200, 100, 100, 60, position);
            assertThat(new int[] {crop.x(), crop.y()}).as("position %d", position).containsExactly(expected[position]);
        }
    }

    @Test
    void everyPositionIsDrawn() {
        SplittableRandom random = new SplittableRandom(3);
        Set<List<Integer>> corners = new HashSet<>();
        for (int draw = 0; draw < 3000; draw++) {
            CropWindow crop = MultiScaleCrop.choose(400, 400, List.of(0.5), 0, random);
            corners.add(List.of(crop.x(), crop.y()));
        }
        assertThat(corners).hasSize(13);
    }
}
