package dev.adamae.masking.motionguided;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.ClipContent;
import dev.adamae.api.TokenGrid;
import org.junit.jupiter.api.Test;

class TokenMotionTest {

    @Test
    void aChangeBetweenTwoTubeletsMarksTheTokensOnBothSidesAndNoOther() {
        // 2 slices of 2x2 tokens, tubelets of 2 frames of 2x2 pixels: the pixels of position
        // (row 1, column 0) turn white between frames 1 and 2, the border of the two slices.
        TokenGrid grid = new TokenGrid(2, 2, 2);
        ClipContent content = clip(grid, 2, 2, (frame, row, column) -> row >= 2 && column < 2 && frame >= 2 ? 1f : 0f);
        double[] motion = TokenMotion.of(content, 0);
        int position = 2;
        for (int token = 0; token < grid.tokenCount(); token++) {
            if (grid.spatialOf(token) == position) {
                assertThat(motion[token]).as("token %d", token).isPositive();
            } else {
                assertThat(motion[token]).as("token %d", token).isZero();
            }
        }
        // A change of 1 in each of the 3 channels at every pixel, in one of the two pairs each
        // token touches: slice 0 has pairs (0,1) and (1,2), slice 1 has (1,2) and (2,3).
        assertThat(motion[grid.index(0, 1, 0)]).isCloseTo(3.0 / 2, within(1e-5));
        assertThat(motion[grid.index(1, 1, 0)]).isCloseTo(3.0 / 2, within(1e-5));
    }

    @Test
    void tubeletsOfOneFrameStillMoveAndAClipOfOneFrameDoesNot() {
        TokenGrid grid = new TokenGrid(3, 1, 2);
        ClipContent moving = clip(grid, 1, 1, (frame, row, column) -> column == frame % 2 ? 1f : 0f);
        assertThat(java.util.Arrays.stream(TokenMotion.of(moving, 0)).min().orElseThrow()).isPositive();
        ClipContent single = clip(new TokenGrid(1, 1, 2), 1, 1, (frame, row, column) -> column);
        assertThat(TokenMotion.of(single, 0)).containsOnly(0.0);
    }

    @Test
    void scoresKeepOnlyWhatMovesMoreThanTheMedianByAColourLevelScaledToOne() {
        assertThat(TokenMotion.scores(new double[] {0.1, 0.1, 0.1, 0.1})).containsOnly(0.0);
        assertThat(TokenMotion.scores(new double[] {0.1, 0.1 + 0.5 / 255, 0.1, 0.1})).containsOnly(0.0);
        double[] scores = TokenMotion.scores(new double[] {0.1, 0.1, 0.5, 0.3, 0.1});
        assertThat(scores[2]).isEqualTo(1.0);
        assertThat(scores[3]).isStrictlyBetween(0.0, 1.0);
        assertThat(scores[0]).isZero();
    }

    private interface Colour {
        float at(int frame, int row, int column);
    }

    /** Returns one clip whose three channels all have colour value {@code colour} (in [0, 1]) at each pixel. */
    private static ClipContent clip(TokenGrid grid, int tubeletFrames, int tubeletSize, Colour colour) {
        int tubeletValues = tubeletFrames * tubeletSize * tubeletSize * ClipContent.CHANNELS;
        float[] values = new float[grid.tokenCount() * tubeletValues];
        for (int frame = 0; frame < grid.frames() * tubeletFrames; frame++) {
            for (int row = 0; row < grid.height() * tubeletSize; row++) {
                for (int column = 0; column < grid.width() * tubeletSize; column++) {
                    int token = grid.index(frame / tubeletFrames, row / tubeletSize, column / tubeletSize);
                    int within = ((frame % tubeletFrames) * tubeletSize + row % tubeletSize) * tubeletSize
                            + column % tubeletSize;
                    for (int c = 0; c < ClipContent.CHANNELS; c++) {
                        values[token * tubeletValues + within * ClipContent.CHANNELS + c] =
                                (colour.at(frame, row, column) - ClipContent.MEAN[c]) / ClipContent.STD[c];
                    }
                }
            }
        }
        return new ClipContent(grid, 1, tubeletFrames, tubeletSize, tubeletSize, values);
    }
}
