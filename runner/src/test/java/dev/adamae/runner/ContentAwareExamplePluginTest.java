package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content-aware example of docs/writing-a-masking-strategy.md (SPI 1.2), compiled from its
 * sources into a jar and dropped into a plugins folder: it previews its masks on a clip, trains as
 * the encoder mask and as the decoder mask, and shows its scores.
 */
class ContentAwareExamplePluginTest {

    private static final Path EXAMPLE = Path.of("../docs/examples/masking-contrast-guided");

    @TempDir
    Path work;

    Path plugins;

    @BeforeEach
    void buildTheExamplePlugin() throws Exception {
        plugins = Files.createDirectories(work.resolve("plugins"));
        Path build = Files.createDirectories(work.resolve("build"));
        Path jar = PluginJars.buildTree(build.resolve("masking-contrast-guided-1.0.0.jar"),
                EXAMPLE.resolve("src/main/java"), EXAMPLE.resolve("src/main/resources"));
        Files.move(jar, plugins.resolve(jar.getFileName()));
    }

    @Test
    void itNeedsAClipAndOtherClipsGiveOtherMasks() throws Exception {
        CommandLineRun refused = CommandLineRun.of("masks", "--plugins", plugins.toString(), "--strategy",
                "contrast-guided", "--preset", "test");
        assertThat(refused.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(refused.err().lines()).hasSize(1).first().asString().contains("contrast-guided").contains("--embedded");

        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(CommandLineRun.of("masks", "--plugins", plugins.toString(), "--strategy",
                "contrast-guided", "--preset", "test", "--embedded", "--index", "0", "--json").out());
        JsonNode again = json.readTree(CommandLineRun.of("masks", "--plugins", plugins.toString(), "--strategy",
                "contrast-guided", "--preset", "test", "--embedded", "--index", "0", "--json").out());
        JsonNode other = json.readTree(CommandLineRun.of("masks", "--plugins", plugins.toString(), "--strategy",
                "contrast-guided", "--preset", "test", "--embedded", "--index", "5", "--json").out());
        assertThat(again.get("visible")).isEqualTo(first.get("visible"));
        assertThat(other.get("visible")).isNotEqualTo(first.get("visible"));
    }

    @Test
    void itTrainsAsEncoderMaskAndAsDecoderMaskAndShowsItsScores() throws Exception {
        Path encoder = work.resolve("encoder");
        CommandLineRun asEncoder = CommandLineRun.of("pretrain", "--plugins", plugins.toString(), "--strategy",
                "contrast-guided", "--preset", "test", "--steps", "2", "--out", encoder.toString());
        assertThat(asEncoder.exitCode()).as(asEncoder.err()).isZero();
        assertThat(encoder.resolve("summary.json")).exists();

        Path decoder = work.resolve("decoder");
        CommandLineRun asDecoder = CommandLineRun.of("pretrain", "--plugins", plugins.toString(), "--strategy", "tube",
                "--decoder-strategy", "contrast-guided", "--decoder-ratio", "0.5", "--preset", "test", "--steps", "2",
                "--out", decoder.toString());
        assertThat(asDecoder.exitCode()).as(asDecoder.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(decoder.resolve("summary.json").toFile());
        assertThat(summary.toString()).contains("contrast-guided");

        Path saliency = work.resolve("saliency");
        CommandLineRun scores = CommandLineRun.of("saliency", "--plugins", plugins.toString(), "--checkpoint",
                encoder.toString(), "--embedded", "--index", "1", "--out", saliency.toString());
        assertThat(scores.exitCode()).as(scores.err()).isZero();
        JsonNode values = new ObjectMapper().readTree(saliency.resolve("saliency.json").toFile());
        assertThat(values.get("kind").asText()).isEqualTo("scores");
        double sum = 0;
        for (JsonNode slice : values.get("values")) {
            for (JsonNode value : slice) {
                sum += value.asDouble();
            }
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }
}
