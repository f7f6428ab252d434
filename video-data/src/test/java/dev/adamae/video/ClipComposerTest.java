package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.engine.data.VideoClip;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the crop, the resize, the flip and the normalisation on frames whose colours encode
 * their coordinates: red = x / 255, green = y / 255, blue = t / 255.
 */
class ClipComposerTest {

    private static final int FRAME_WIDTH = 40;
    private static final int FRAME_HEIGHT = 30;
    private static final float TOLERANCE = 1e-4f;

    @Test
    void aCropOfTheClipSizeCopiesExactlyThatRegion() {
        ClipPlan plan = new ClipPlan(new int[] {0, 1, 2}, FRAME_WIDTH, FRAME_HEIGHT, new CropWindow(5, 3, 8, 6), false);
        VideoClip clip = ClipComposer.compose("coordinates", 4, frames(3), plan, 6, 8);
        assertThat(clip.frames()).isEqualTo(3);
        assertThat(clip.height()).isEqualTo(6);
        assertThat(clip.width()).isEqualTo(8);
        assertThat(clip.label()).isEqualTo(4);
        for (int t = 0; t < 3; t++) {
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 8; x++) {
                    assertThat(coordinate(clip, 0, t, y, x)).isCloseTo(5 + x, within(TOLERANCE));
                    assertThat(coordinate(clip, 1, t, y, x)).isCloseTo(3 + y, within(TOLERANCE));
                    assertThat(coordinate(clip, 2, t, y, x)).isCloseTo(t, within(TOLERANCE));
                }
            }
        }
    }

    @Test
    void aFlippedClipMirrorsTheColumnsOnly() {
        ClipPlan plan = new ClipPlan(new int[] {0, 1}, FRAME_WIDTH, FRAME_HEIGHT, new CropWindow(10, 2, 8, 6), true);
        VideoClip clip = ClipComposer.compose("coordinates", VideoClip.NO_LABEL, frames(2), plan, 6, 8);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(coordinate(clip, 0, 1, y, x)).isCloseTo(10 + 7 - x, within(TOLERANCE));
                assertThat(coordinate(clip, 1, 1, y, x)).isCloseTo(2 + y, within(TOLERANCE));
            }
        }
    }

    @Test
    void shrinkingByTwoAveragesSymmetricallySoALinearRampStaysLinearInside() {
        ClipPlan plan = new ClipPlan(new int[] {0}, FRAME_WIDTH, FRAME_HEIGHT, new CropWindow(8, 4, 16, 12), false);
        VideoClip clip = ClipComposer.compose("coordinates", 0, frames(1), plan, 6, 8);
        // Output pixel x covers input columns 8 + 2x and 8 + 2x + 1: its centre is 8 + 2x + 0.5.
        for (int y = 1; y < 5; y++) {
            for (int x = 1; x < 7; x++) {
                assertThat(coordinate(clip, 0, 0, y, x)).isCloseTo(8 + 2 * x + 0.5f, within(TOLERANCE));
                assertThat(coordinate(clip, 1, 0, y, x)).isCloseTo(4 + 2 * y + 0.5f, within(TOLERANCE));
            }
        }
        // The edges read only pixels inside the crop: never a column left of 8.
        assertThat(coordinate(clip, 0, 0, 2, 0)).isBetween(8f, 9.5f);
    }

    @Test
    void pixelsAreNormalisedWithTheImageNetMeanAndDeviation() {
        List<RgbFrame> grey = List.of(new RgbFrame(2, 2, new float[] {
            0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}));
        ClipPlan plan = new ClipPlan(new int[] {0}, 2, 2, new CropWindow(0, 0, 2, 2), false);
        VideoClip clip = ClipComposer.compose("grey", 0, grey, plan, 2, 2);
        for (int channel = 0; channel < 3; channel++) {
            assertThat(clip.pixels()[clip.pixelIndex(channel, 0, 1, 1)])
                    .isCloseTo((0.5f - VideoClip.MEAN[channel]) / VideoClip.STD[channel], within(TOLERANCE));
        }
    }

    /** Returns the coordinate a clip pixel's channel encodes, undoing the normalisation. */
    private static float coordinate(VideoClip clip, int channel, int t, int y, int x) {
        float normalised = clip.pixels()[clip.pixelIndex(channel, t, y, x)];
        return (normalised * VideoClip.STD[channel] + VideoClip.MEAN[channel]) * 255;
    }

    private static List<RgbFrame> frames(int count) {
        List<RgbFrame> frames = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            float[] values = new float[FRAME_WIDTH * FRAME_HEIGHT * 3];
            for (int y = 0; y < FRAME_HEIGHT; y++) {
                for (int x = 0; x < FRAME_WIDTH; x++) {
                    int at = (y * FRAME_WIDTH + x) * 3;
                    values[at] = x / 255f;
                    values[at + 1] = y / 255f;
                    values[at + 2] = t / 255f;
                }
            }
            frames.add(new RgbFrame(FRAME_WIDTH, FRAME_HEIGHT, values));
        }
        return frames;
    }
}
