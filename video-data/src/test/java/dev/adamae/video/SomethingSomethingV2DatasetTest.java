package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.engine.data.VideoClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SomethingSomethingV2DatasetTest {

    @TempDir
    Path root;

    private Path labels;

    @BeforeEach
    void writeLabels() throws IOException {
        labels = Files.writeString(root.resolve("labels.json"), """
                {
                 "Approaching something with your camera": "0",
                 "Putting something on a surface": "2",
                 "Holding something next to something": "1"
                }
                """);
    }

    @Test
    void templatesWithoutBracketsGiveTheLabelsAndIdsTheFiles() throws Exception {
        TestClips.copy(TestClips.VP9_WEBM, root.resolve("videos/78687.webm"));
        Path train = Files.writeString(root.resolve("train.json"), """
                [
                 {"id": "78687", "label": "holding potato next to vicks vaporub bottle",
                  "template": "Holding [something] next to [something]", "placeholders": ["potato", "vicks vaporub bottle"]},
                 {"id": "42326", "label": "putting a cup on a table", "template": "Putting [something] on a surface",
                  "placeholders": ["a cup"]}
                ]
                """);

        SomethingSomethingV2Dataset dataset = new SomethingSomethingV2Dataset(train, labels, root.resolve("videos"),
                TestClips.settings(4, 16));

        assertThat(dataset.classNames()).containsExactly("Approaching something with your camera",
                "Holding something next to something", "Putting something on a surface");
        assertThat(dataset.entries()).containsExactly(new VideoEntry(root.resolve("videos/78687.webm"), 1),
                new VideoEntry(root.resolve("videos/42326.webm"), 2));
        assertThat(dataset.read(0, 3).label()).isEqualTo(1);
    }

    @Test
    void theTestSetWithoutTemplatesIsUnlabelled() throws IOException {
        Path test = Files.writeString(root.resolve("test.json"), "[{\"id\": \"1420\"}, {\"id\": 1421}]");
        SomethingSomethingV2Dataset dataset = new SomethingSomethingV2Dataset(test, labels, root, TestClips.settings(4, 16));
        assertThat(dataset.entries()).extracting(VideoEntry::label).containsOnly(VideoClip.NO_LABEL);
        assertThat(dataset.entries().get(1).file()).isEqualTo(root.resolve("1421.webm"));
    }

    @Test
    void aTemplateTheLabelsDoNotListIsAnErrorNamingTheVideo() throws IOException {
        Path train = Files.writeString(root.resolve("train.json"), """
                [{"id": "5", "template": "Juggling [something]"}]
                """);
        assertThatThrownBy(() -> new SomethingSomethingV2Dataset(train, labels, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(train.toString())
                .hasMessageContaining("video 5")
                .hasMessageContaining("Juggling something");
    }

    @Test
    void labelsWithARepeatedIndexAreRefused() throws IOException {
        Path bad = Files.writeString(root.resolve("bad-labels.json"), "{\"a\": \"0\", \"b\": \"0\"}");
        Path train = Files.writeString(root.resolve("train.json"), "[{\"id\": \"1\", \"template\": \"a\"}]");
        assertThatThrownBy(() -> new SomethingSomethingV2Dataset(train, bad, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.toString());
    }

    @Test
    void brokenJsonIsAnErrorNamingTheFileAndLine() throws IOException {
        Path train = Files.writeString(root.resolve("train.json"), "[\n{\"id\": \"1\",\n");
        assertThatThrownBy(() -> new SomethingSomethingV2Dataset(train, labels, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(train + ": not valid JSON")
                .hasMessageContaining("line");
    }
}
