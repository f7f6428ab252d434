package dev.adamae.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bar chart's reference lines: drawn across the plot, each in its colour, only when given. */
class ChartsTest {

    private static final List<String> CATEGORIES = List.of("none", "tube 0.9", "adaptive 0.95");
    private static final List<Charts.Bars> BARS = List.of(new Charts.Bars("top-1", new double[] {13, 15, 18},
            new double[] {1, 1, 2}));

    private static int pixels(BufferedImage image, Color colour) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += image.getRGB(x, y) == colour.getRGB() ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void eachReferenceIsAHorizontalLineAcrossThePlotInItsOwnColour() {
        BufferedImage plain = Charts.bars("top-1", "%", CATEGORIES, BARS);
        BufferedImage marked = Charts.bars("top-1", "%", CATEGORIES, BARS,
                List.of(new Charts.Reference("chance 12.5%", 12.5), new Charts.Reference("none 13.0%", 13)));
        for (Color colour : Charts.REFERENCE_COLOURS) {
            // (Anti-aliased text may hit the colour in a pixel or two.)
            assertThat(pixels(plain, colour)).isLessThan(20);
            // A dashed line (8 pixels on, 6 off) across the plot's width.
            assertThat(pixels(marked, colour)).isGreaterThan((Charts.WIDTH - Charts.LEFT - Charts.RIGHT) / 2);
        }
    }

    @Test
    void aReferenceAboveEveryBarRaisesTheAxis() {
        BufferedImage marked = Charts.bars("top-1", "%", CATEGORIES, BARS, List.of(new Charts.Reference("high", 50)));
        int rowsWithTheLine = 0;
        for (int y = 0; y < marked.getHeight(); y++) {
            int inRow = 0;
            for (int x = 0; x < marked.getWidth(); x++) {
                inRow += marked.getRGB(x, y) == Charts.REFERENCE_COLOURS.get(0).getRGB() ? 1 : 0;
            }
            rowsWithTheLine += inRow > (Charts.WIDTH - Charts.LEFT - Charts.RIGHT) / 3 ? 1 : 0;
        }
        assertThat(rowsWithTheLine).isBetween(1, 3);
    }
}
