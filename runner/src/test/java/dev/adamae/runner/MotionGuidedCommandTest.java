package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The motion-guided plugin, a strategy that looks at the clips it masks, as the command line uses
 * it: previewed by {@code masks} on a clip, refused without one, trained by {@code pretrain}.
 */
class MotionGuidedCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path VIDEOS = Path.of("../video-data/src/test/resources/clips");

    @Test
    void strategiesListsMotionGuidedAsBuiltIn() {
        CommandLineRun run = CommandLineRun.of("strategies");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).anySatisfy(line -> assertThat(line).startsWith("motion-guided ")
                .contains("classpath", "MGMAE"));
    }

    @Test
    void masksWithoutAClipIsRefusedInOneLineNamingTheStrategyAndTheFlags() {
        CommandLineRun run = CommandLineRun.of("masks", "--strategy", "motion-guided", "--preset", "test", "--json");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                .isEqualTo("adamae: Masking strategy 'motion-guided' looks at the clip it masks: give it one with "
                        + "--embedded [--index I] or --video FILE");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void masksOnAnEmbeddedClipDependOnTheClipAndTheSeed() throws Exception {
        JsonNode three = masks("--embedded", "--index", "3", "--seed", "1");
        assertThat(three.get("clip").asText()).isEqualTo("moving-sprites/3");
        assertThat(three.get("strategy").asText()).isEqualTo("motion-guided");
        assertThat(three.get("effective_ratio").asDouble()).isEqualTo(0.898);
        assertThat(three.get("visible")).hasSize(2);
        for (JsonNode clip : three.get("visible")) {
            assertThat(clip).hasSize(512 - 460);
        }
        // Each copy of the clip has its own draw.
        assertThat(three.get("visible").get(0)).isNotEqualTo(three.get("visible").get(1));
        assertThat(masks("--embedded", "--index", "3", "--seed", "1")).isEqualTo(three);
        assertThat(masks("--embedded", "--index", "3", "--seed", "2").get("visible")).isNotEqualTo(three.get("visible"));
        assertThat(masks("--embedded", "--index", "4", "--seed", "1").get("visible")).isNotEqualTo(three.get("visible"));
        // Without --index the seed picks the clip, as in visualize.
        assertThat(masks("--embedded", "--seed", "3").get("clip").asText()).isEqualTo("moving-sprites/3");
    }

    @Test
    void masksOnAVideoFileNameIt() throws Exception {
        String video = VIDEOS.resolve("realshort.mp4").toString();
        CommandLineRun run = CommandLineRun.of("masks", "--strategy", "motion-guided", "--preset", "test", "--video",
                video, "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode document = JSON.readTree(run.out());
        assertThat(document.get("clip").asText()).isEqualTo(video);
        assertThat(document.get("visible").get(0)).hasSize(4);

        CommandLineRun text = CommandLineRun.of("masks", "--strategy", "motion-guided", "--preset", "test", "--video",
                video);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out().lines().toList()).element(1).isEqualTo("on clip " + video);
    }

    @Test
    void aStrategyThatIgnoresTheClipNamesItAndDrawsAsWithoutOne() throws Exception {
        List<String> args = List.of("masks", "--strategy", "tube", "--preset", "test", "--seed", "4", "--json");
        CommandLineRun blind = CommandLineRun.of(args.toArray(String[]::new));
        CommandLineRun onClip = CommandLineRun.of(concat(args, "--embedded", "--index", "1"));
        assertThat(onClip.exitCode()).as(onClip.err()).isZero();
        assertThat(JSON.readTree(blind.out()).get("clip").isNull()).isTrue();
        assertThat(JSON.readTree(onClip.out()).get("clip").asText()).isEqualTo("moving-sprites/1");
        assertThat(JSON.readTree(onClip.out()).get("visible")).isEqualTo(JSON.readTree(blind.out()).get("visible"));
    }

    @Test
    void aClipThatCannotBeReadOrAnIndexWithoutTheEmbeddedSetIsRefusedInOneLine(@TempDir Path work) {
        CommandLineRun absent = CommandLineRun.of("masks", "--strategy", "motion-guided", "--preset", "test", "--video",
                work.resolve("absent.mp4").toString());
        assertThat(absent.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(absent.err().lines()).as(absent.err()).singleElement().asString().startsWith("adamae: Video ")
                .contains("absent.mp4");
        CommandLineRun index = CommandLineRun.of("masks", "--strategy", "motion-guided", "--preset", "test", "--index",
                "2");
        assertThat(index.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(index.err().lines()).as(index.err()).singleElement().asString()
                .isEqualTo("adamae: --index picks a clip of the embedded set; it goes with --embedded, not alone");
    }

    @Test
    void pretrainShowsTheMovingSpritesFarMoreThanTheirShare(@TempDir Path work) throws Exception {
        Path out = work.resolve("run");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--steps", "3", "--batch", "4",
                "--strategy", "motion-guided", "--ratio", "0.75", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(3);
        double enrichment = 0;
        for (String line : lines) {
            enrichment += JSON.readTree(line).get("fg_enrichment").asDouble() / lines.size();
        }
        assertThat(enrichment).as("mean fg_enrichment over the steps").isGreaterThan(1.5);
    }

    @Test
    void dataStatsMasksEachClipOnItsOwnContent() throws Exception {
        CommandLineRun run = CommandLineRun.of("data", "stats", "--preset", "test", "--strategy", "motion-guided",
                "--clips", "4", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out()).get("strategy").asText()).isEqualTo("motion-guided");
    }

    private static JsonNode masks(String... source) throws Exception {
        CommandLineRun run = CommandLineRun.of(concat(List.of("masks", "--strategy", "motion-guided", "--preset", "tiny",
                "--batch", "2", "--json"), source));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static String[] concat(List<String> first, String... more) {
        String[] all = first.toArray(new String[first.size() + more.length]);
        System.arraycopy(more, 0, all, first.size(), more.length);
        return all;
    }
}
