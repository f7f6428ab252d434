package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataBenchCommandTest {

    private static final Path CLIPS = Path.of("../video-data/src/test/resources/clips");

    @TempDir
    Path work;

    @Test
    void benchAsJsonReadsTheClipsAsTrainingDoesAndReportsTheirRate() throws Exception {
        Path videos = Files.createDirectories(work.resolve("videos"));
        Files.copy(CLIPS.resolve("realshort.mp4"), videos.resolve("realshort.mp4"));
        Files.copy(CLIPS.resolve("cockatoo-vp9.webm"), videos.resolve("cockatoo-vp9.webm"));
        Files.writeString(videos.resolve("broken.mp4"), "not a video");
        CommandLineRun run = CommandLineRun.of("data", "bench", "--preset", "test", "--data", videos.toString(),
                "--clips", "6", "--batch", "2", "--workers", "2", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().count()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("clips").asInt()).isEqualTo(6);
        assertThat(report.get("batch").asInt()).isEqualTo(2);
        assertThat(report.get("workers").asInt()).isEqualTo(2);
        assertThat(report.get("clips_per_s").asDouble()).isPositive();
        assertThat(report.get("ms_per_clip_median").asDouble()).isPositive();
        assertThat(report.get("clip").asText()).isEqualTo("4x32x32");
        // Six clips of three files, one of them broken: it is met at least once, and each meeting is counted.
        long skipped = report.get("skipped").asLong();
        assertThat(skipped).isPositive();
        assertThat(report.get("skipped_by_reason").get("not a video").asLong()).isEqualTo(skipped);
        assertThat(run.err()).contains("broken.mp4");
    }

    @Test
    void benchOfTheEmbeddedSetRoundsTheClipsUpToWholeBatchesAndPrintsOneLineAField() {
        CommandLineRun run = CommandLineRun.of("data", "bench", "--preset", "test", "--data", "embedded", "--clips", "3",
                "--batch", "2", "--workers", "0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^clips +4$").containsPattern("(?m)^workers +0$")
                .containsPattern("(?m)^skipped +0$").containsPattern("(?m)^clips_per_s +\\d");
        assertThat(run.out()).contains("moving-sprites");
    }

    @Test
    void benchRefusesNoClips() {
        CommandLineRun run = CommandLineRun.of("data", "bench", "--preset", "test", "--clips", "0");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("--clips must be at least 1, got 0");
    }
}
