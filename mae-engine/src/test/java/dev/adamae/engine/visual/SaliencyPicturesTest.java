package dev.adamae.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.engine.model.ClipNormalization;
import dev.adamae.engine.model.TubeletLayout;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Saliency heat maps on a clip of 4 frames of 8 x 8 pixels in tubelets of 2 x 4 x 4: a grid of
 * 2 x 2 x 2 tokens, drawn at scale 3.
 */
class SaliencyPicturesTest {

    private static final TubeletLayout LAYOUT = new TubeletLayout(4, 8, 8, 2, 4, 4);
    private static final int SCALE = 3;

    /** A clip whose every pixel of frame {@code f} has the grey level {@code levels[f]}, ImageNet-normalised. */
    private static float[] greyClip(float... levels) {
        float[] clip = new float[3 * 4 * 8 * 8];
        for (int c = 0; c < 3; c++) {
            for (int f = 0; f < 4; f++) {
                for (int i = 0; i < 64; i++) {
                    clip[(c * 4 + f) * 64 + i] = (float) ((levels[f] - ClipNormalization.MEAN[c])
                            / ClipNormalization.STD[c]);
                }
            }
        }
        return clip;
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
    }

    @Test
    void eachSliceShowsItsFirstFrameBrighterWhereTheValueIsLarger() {
        // Slice 0's tokens in rising order of value, slice 1's in falling order.
        double[] values = {0.05, 0.10, 0.15, 0.20, 0.20, 0.15, 0.10, 0.05};
        SaliencyPictures pictures = new SaliencyPictures(LAYOUT, greyClip(0.2f, 0.9f, 0.6f, 0.6f), values, SCALE);

        assertThat(pictures.slices()).isEqualTo(2);
        assertThat(pictures.largestValue()).isEqualTo(0.20);
        BufferedImage first = pictures.slice(0);
        BufferedImage second = pictures.slice(1);
        assertThat(first.getWidth()).isEqualTo(8 * SCALE);
        assertThat(first.getHeight()).isEqualTo(8 * SCALE);
        int[] firstTokens = new int[4];
        int[] secondTokens = new int[4];
        for (int token = 0; token < 4; token++) {
            int x = (token % 2) * 4 * SCALE + 1;
            int y = (token / 2) * 4 * SCALE + 1;
            firstTokens[token] = brightness(first.getRGB(x, y));
            secondTokens[token] = brightness(second.getRGB(x, y));
            // Every pixel of a token's tubelet has the token's colour.
            assertThat(first.getRGB(x + 4 * SCALE - 2, y + 4 * SCALE - 2)).isEqualTo(first.getRGB(x, y));
        }
        assertThat(firstTokens).isSorted();
        for (int token = 1; token < 4; token++) {
            assertThat(secondTokens[token]).isLessThan(secondTokens[token - 1]);
            assertThat(firstTokens[token]).isGreaterThan(firstTokens[token - 1]);
        }
        // Slice 0 lies over frame 0 (dark), not frame 1 (light); slice 1 over frame 2.
        assertThat(firstTokens[3]).isLessThan(secondTokens[0]);
        assertThat(pictures.colour(0, 0, 0)).isEqualTo(first.getRGB(0, 0) & 0xFFFFFF);
        assertThat(pictures.colour(2, 0, 0)).isEqualTo(second.getRGB(0, 0) & 0xFFFFFF);
    }
}
