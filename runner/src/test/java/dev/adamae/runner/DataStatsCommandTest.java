package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataStatsCommandTest {

    @TempDir
    Path work;

    @Test
    void statsOfTheTexturedSceneShowHiddenTubeletsThatFollowFromTheVisibleOnesAndDrawTheClips() throws Exception {
        Path picture = work.resolve("clips.png");
        CommandLineRun run = CommandLineRun.of("data", "stats", "--preset", "tiny", "--clips", "16", "--strategy", "tube",
                "--ratio", "0.9", "--set", "adamae.data.moving-sprites.scene=textured",
                "--set", "adamae.data.moving-sprites.background-noise=0", "--picture", picture.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("clips").asInt()).isEqualTo(16);
        assertThat(report.get("strategy").asText()).isEqualTo("tube");
        assertThat(report.get("tubelets_per_clip").asInt()).isEqualTo(512);
        assertThat(report.get("flat_tubelet_share").asDouble()).isZero();
        assertThat(report.get("foreground_tubelet_share").asDouble()).isBetween(0.01, 0.5);
        JsonNode hidden = report.get("hidden_mse");
        assertThat(hidden.get("predict_zero").get("all").asDouble()).isBetween(0.95, 1.0);
        assertThat(hidden.get("slice_mean").get("all").asDouble()).isLessThan(0.7);
        // Sprites are the hard part: their hidden tubelets are further from the visible ones'.
        assertThat(hidden.get("slice_mean").get("foreground").asDouble())
                .isGreaterThan(hidden.get("slice_mean").get("background").asDouble());
        BufferedImage image = ImageIO.read(picture.toFile());
        // 8 clips of 64x64 pixels, 4 frames each, scaled 3 times, 4-pixel gaps.
        assertThat(image.getWidth()).isEqualTo(4 * 192 + 3 * 4);
        assertThat(image.getHeight()).isEqualTo(8 * 192 + 7 * 4);
    }

    @Test
    void statsOfThePlainSetShowTubeletsOfLittleMoreThanNoiseThatNothingVisiblePredicts() throws Exception {
        CommandLineRun run = CommandLineRun.of("data", "stats", "--preset", "tiny", "--clips", "16", "--strategy", "tube",
                "--ratio", "0.9", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        // Most tubelets vary about as much as the noise alone (uniform in +-0.03: a spread of 0.017) ...
        assertThat(report.get("tubelet_spread").get("median").asDouble()).isLessThan(0.025);
        // ... so nothing visible tells the hidden ones: the slice mean does no better than 0.
        assertThat(report.get("hidden_mse").get("slice_mean").get("all").asDouble()).isGreaterThan(0.95);
    }

    @Test
    void aLearnedSamplerAndNoClipsAreRefusedInOneLine() {
        CommandLineRun learned = CommandLineRun.of("data", "stats", "--preset", "test", "--strategy", "adaptive");
        assertThat(learned.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(learned.err()).contains("'adaptive' draws its masks from a trained sampler network");
        CommandLineRun none = CommandLineRun.of("data", "stats", "--preset", "test", "--clips", "0");
        assertThat(none.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(none.err()).contains("--clips must be at least 1, got 0");
    }
}
