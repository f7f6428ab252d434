package dev.adamae.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipStatisticsTest {

    /** 2x8x8 clips in 2x4x4 tubelets: one time slice of 2x2 tokens. */
    private static final ModelSettings MODEL = new ModelSettings(2, 8, 8, 2, 4, 4,
            new ModelSettings.Transformer(8, 1, 1, 4), new ModelSettings.Transformer(8, 1, 1, 4), 1);
    private static final TokenGrid GRID = MODEL.grid();

    /** Token 0 visible, the other three hidden. */
    private static final TokenMask FIRST_VISIBLE = new TokenMask(GRID, new int[][] {{0}});

    @Test
    void aRampThatContinuesAcrossTubeletsIsPredictedExactlyFromOneVisibleTubelet() {
        VideoClip ramp = clip((channel, t, y, x) -> 0.1f + 0.05f * x + 0.01f * channel, null);
        Map<String, Object> report = add(ramp);
        assertThat(error(report, "slice_mean")).isCloseTo(0, within(1e-6));
        assertThat(error(report, "nearest_visible")).isCloseTo(0, within(1e-6));
        // Each channel of a target has unit unbiased variance: its mean square is (K - 1) / K for K = 32 pixels.
        assertThat(error(report, "predict_zero")).isCloseTo(31.0 / 32, within(1e-4));
        assertThat((double) report.get("flat_tubelet_share")).isZero();
    }

    @Test
    void aFlatClipHasOnlyFlatTubeletsAndForegroundSharesCountWhatTheMaskMarks() {
        boolean[] foreground = new boolean[2 * 8 * 8];
        // One pixel of frame 1, in the tubelet at the top right.
        foreground[64 + 2 * 8 + 6] = true;
        Map<String, Object> report = add(clip((channel, t, y, x) -> 0.5f, foreground));
        assertThat((double) report.get("flat_tubelet_share")).isEqualTo(1.0);
        assertThat((double) report.get("foreground_tubelet_share")).isEqualTo(0.25);
        assertThat((double) report.get("foreground_pixel_share")).isCloseTo(1.0 / 128, within(1e-4));
        @SuppressWarnings("unchecked")
        Map<String, Object> zero = (Map<String, Object>) ((Map<String, Object>) report.get("hidden_mse")).get("predict_zero");
        assertThat(zero).containsKeys("foreground", "background");
    }

    @Test
    void aClipOfAnotherSizeIsRefused() {
        VideoClip small = new VideoClip("small", new float[3 * 2 * 4 * 4], 2, 4, 4, 0, null);
        assertThatThrownBy(() -> new ClipStatistics(MODEL).add(small, FIRST_VISIBLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the model's 2x8x8");
    }

    private interface Pixels {
        float at(int channel, int t, int y, int x);
    }

    private static VideoClip clip(Pixels pixels, boolean[] foreground) {
        float[] values = new float[3 * 2 * 8 * 8];
        VideoClip clip = new VideoClip("synthetic", values, 2, 8, 8, 0, foreground);
        for (int channel = 0; channel < 3; channel++) {
            for (int t = 0; t < 2; t++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        values[clip.pixelIndex(channel, t, y, x)] = pixels.at(channel, t, y, x) / VideoClip.STD[channel];
                    }
                }
            }
        }
        return clip;
    }

    private static Map<String, Object> add(VideoClip clip) {
        ClipStatistics statistics = new ClipStatistics(MODEL);
        statistics.add(clip, FIRST_VISIBLE);
        return statistics.report();
    }

    @SuppressWarnings("unchecked")
    private static double error(Map<String, Object> report, String predictor) {
        return (double) ((Map<String, Object>) ((Map<String, Object>) report.get("hidden_mse")).get(predictor)).get("all");
    }
}
