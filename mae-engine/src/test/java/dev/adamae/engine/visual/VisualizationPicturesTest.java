package dev.adamae.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.TokenMask;
import dev.adamae.engine.model.TubeletLayout;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The pictures of a hand-made visualisation: a clip of 4x8x12 pixels in tubelets of 2x4x3, a
 * grid of 2x2x4 tokens, with one token twice as likely as any other.
 */
class VisualizationPicturesTest {

    private static final TubeletLayout LAYOUT = new TubeletLayout(4, 8, 12, 2, 4, 3);
    private static final int SCALE = 3;
    private static final int[] VISIBLE = {0, 5, 6, 11, 12};
    /** Token (t 1, h 0, w 3): frames 2-3, rows 0-3, columns 9-11. */
    private static final int LIKELIEST = 11;

    private static Visualization visualization(boolean withProbabilities) {
        float[] input = new float[LAYOUT.clipValues()];
        float[] reconstruction = new float[LAYOUT.clipValues()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (i * 37 % 101) / 100f;
            reconstruction[i] = input[i];
        }
        TokenMask mask = new TokenMask(LAYOUT.grid(), new int[][] {VISIBLE});
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < 4; t++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 12; x++) {
                        if (!mask.isVisible(0, LAYOUT.tokenAt(t, y, x))) {
                            reconstruction[LAYOUT.pixelIndex(c, t, y, x)] = 0.5f;
                        }
                    }
                }
            }
        }
        double[] probabilities = new double[16];
        Arrays.fill(probabilities, 1.0 / 17);
        probabilities[LIKELIEST] = 2.0 / 17;
        return new Visualization("clip", LAYOUT, mask, withProbabilities ? probabilities : null, input, reconstruction);
    }

    @Test
    void theGridHasARowPerFrameAndAColumnPerPanelOfTheScaledClip() {
        VisualizationPictures pictures = new VisualizationPictures(visualization(true), SCALE);

        BufferedImage grid = pictures.grid();

        assertThat(pictures.panels()).containsExactly(Panel.INPUT, Panel.RECONSTRUCTION, Panel.ERROR,
                Panel.PROBABILITY, Panel.MASK);
        assertThat(grid.getWidth()).isEqualTo(VisualizationPictures.GAP + 5 * (12 * SCALE + VisualizationPictures.GAP));
        assertThat(grid.getHeight()).isEqualTo(VisualizationPictures.HEADER + 4 * (8 * SCALE + VisualizationPictures.GAP));
    }

    @Test
    void withoutALearnedSamplerThereIsNoProbabilityPanel() {
        VisualizationPictures pictures = new VisualizationPictures(visualization(false), SCALE);

        assertThat(pictures.panels()).containsExactly(Panel.INPUT, Panel.RECONSTRUCTION, Panel.ERROR, Panel.MASK);
        assertThat(pictures.grid().getWidth()).isEqualTo(VisualizationPictures.GAP + 4 * (12 * SCALE + 2));
    }

    @Test
    void theMaskPanelDimsExactlyTheHiddenTubeletsAndShowsTheVisibleOnesAsTheInput() {
        VisualizationPictures pictures = new VisualizationPictures(visualization(true), SCALE);
        BufferedImage grid = pictures.grid();
        int input = pictures.panels().indexOf(Panel.INPUT);
        int mask = pictures.panels().indexOf(Panel.MASK);

        for (int t = 0; t < 4; t++) {
            for (int py = 0; py < 8 * SCALE; py++) {
                for (int px = 0; px < 12 * SCALE; px++) {
                    int token = (t / 2 * 2 + py / SCALE / 4) * 4 + px / SCALE / 3;
                    boolean visible = Arrays.binarySearch(VISIBLE, token) >= 0;
                    int shown = grid.getRGB(pictures.panelX(input) + px, pictures.rowY(t) + py) & 0xFFFFFF;
                    int masked = grid.getRGB(pictures.panelX(mask) + px, pictures.rowY(t) + py) & 0xFFFFFF;
                    assertThat(masked).as("frame %d, (%d, %d)", t, py, px)
                            .isEqualTo(visible ? shown : VisualizationPictures.dim(shown));
                }
            }
        }
    }

    @Test
    void aTokensProbabilityFillsItsTubeletInEveryFrameItSpans() {
        VisualizationPictures pictures = new VisualizationPictures(visualization(true), SCALE);
        BufferedImage grid = pictures.grid();
        int column = pictures.panels().indexOf(Panel.PROBABILITY);
        int brightest = HeatColours.rgb(1);
        int half = HeatColours.rgb(0.5);

        for (int t = 0; t < 4; t++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 12; x++) {
                    boolean likeliest = t >= 2 && y < 4 && x >= 9;
                    int colour = grid.getRGB(pictures.panelX(column) + x * SCALE + 1, pictures.rowY(t) + y * SCALE + 1);
                    assertThat(colour & 0xFFFFFF).as("frame %d, (%d, %d)", t, y, x).isEqualTo(likeliest ? brightest : half);
                }
            }
        }
        assertThat(pictures.largestProbability()).isEqualTo(2.0 / 17);
    }

    @Test
    void theErrorMapIsDarkWhereTheInputIsShownAndLitWhereItWasPredictedWrongly() {
        VisualizationPictures pictures = new VisualizationPictures(visualization(true), SCALE);
        int zero = HeatColours.rgb(0);

        assertThat(pictures.colour(Panel.ERROR, 0, 0, 0)).isEqualTo(zero);
        assertThat(pictures.colour(Panel.ERROR, 0, 0, 3)).isNotEqualTo(zero);
        assertThat(pictures.largestError()).isPositive();
    }

    @Test
    void eachAnimationFrameIsTheGridsRowOfThatFrameUnderTheSameLabels() {
        VisualizationPictures pictures = new VisualizationPictures(visualization(true), SCALE);
        BufferedImage grid = pictures.grid();

        assertThat(pictures.frames()).hasSize(4);
        for (int t = 0; t < 4; t++) {
            BufferedImage frame = pictures.frame(t);
            assertThat(frame.getWidth()).isEqualTo(grid.getWidth());
            assertThat(frame.getHeight()).isEqualTo(VisualizationPictures.HEADER + 8 * SCALE + VisualizationPictures.GAP);
            for (int y = 0; y < frame.getHeight(); y++) {
                int gridY = y < VisualizationPictures.HEADER ? y : y - VisualizationPictures.HEADER + pictures.rowY(t);
                for (int x = 0; x < frame.getWidth(); x++) {
                    assertThat(frame.getRGB(x, y)).isEqualTo(grid.getRGB(x, gridY));
                }
            }
        }
    }

    @Test
    void dimmingMovesEveryChannelThreeQuartersOfTheWayToADarkGrey() {
        assertThat(VisualizationPictures.dim(0x000000)).isEqualTo(0x242424);
        assertThat(VisualizationPictures.dim(0xFFFFFF)).isEqualTo(0x636363);
        assertThat(VisualizationPictures.dim(0xFF0080)).isEqualTo(0x632444);
    }
}
