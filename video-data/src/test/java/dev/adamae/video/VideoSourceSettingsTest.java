package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.adamae.api.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoSourceSettingsTest {

    private static final String SSV2_LABELS = """
            {"Holding something next to something": "0", "Putting something on a surface": "1"}
            """;

    private static final String SSV2_VALIDATION = """
            [{"id": "7", "template": "Putting [something] on a surface"},
             {"id": "8", "template": "Holding [something] next to [something]"}]
            """;

    private static final String KINETICS_VAL = """
            label,youtube_id,time_start,time_end,split
            abseiling,--07WQ2iBlw,1,11,val
            """;

    @TempDir
    Path root;

    private final List<String> warnings = new ArrayList<>();

    private static VideoSourceSettings settings(String data) {
        return VideoSourceSettings.from(ConfigFactory.parseString("adamae.data { " + data + " }",
                ConfigParseOptions.defaults().setOriginDescription("test.conf"))
                .withFallback(ConfigFactory.defaultReference()).resolve());
    }

    private VideoFileDataset open(String data, Path source) {
        return settings(data).open(source, TestClips.settings(4, 16), warnings::add);
    }

    @Test
    void autoReadsAFolderAsAVideoFolderAndAFileAsAListRelativeToItsFolderOrTheRoot() throws IOException {
        TestClips.copy(TestClips.H264_MP4, root.resolve("videos/dog/a.mp4"));
        Path list = Files.writeString(root.resolve("videos/train.txt"), "dog/a.mp4 0\n");

        assertThat(open("", root.resolve("videos"))).isInstanceOf(VideoFolderDataset.class);
        VideoFileDataset listed = open("", list);
        assertThat(listed).isInstanceOf(VideoListDataset.class);
        assertThat(listed.entries()).containsExactly(new VideoEntry(root.resolve("videos/dog/a.mp4"), 0));
        assertThat(open("root = \"" + root.resolve("elsewhere") + "\"", list).entries())
                .containsExactly(new VideoEntry(root.resolve("elsewhere/dog/a.mp4"), 0));
    }

    @Test
    void ssv2TakesTheAnnotationFileOrTheSplitOfAFolderWithTheLabelsBesideIt() throws IOException {
        Path annotations = Files.createDirectories(root.resolve("annotations"));
        Files.writeString(annotations.resolve("labels.json"), SSV2_LABELS);
        Path validation = Files.writeString(annotations.resolve("validation.json"), SSV2_VALIDATION);
        Path videos = root.resolve("20bn-something-something-v2");

        VideoFileDataset fromFile = open("format = ssv2, root = \"" + videos + "\"", validation);
        VideoFileDataset fromFolder = open("format = ssv2, split = validation, root = \"" + videos + "\"", annotations);

        assertThat(fromFile).isInstanceOf(SomethingSomethingV2Dataset.class);
        assertThat(fromFile.entries()).containsExactly(new VideoEntry(videos.resolve("7.webm"), 1),
                new VideoEntry(videos.resolve("8.webm"), 0));
        assertThat(fromFolder.entries()).isEqualTo(fromFile.entries());
        assertThat(fromFolder.classNames()).containsExactly("Holding something next to something",
                "Putting something on a surface");
    }

    @Test
    void ssv2TakesTheLabelsFileSetAndNamesItWhenItIsMissing() throws IOException {
        Path validation = Files.writeString(root.resolve("validation.json"), SSV2_VALIDATION);
        Path labels = Files.writeString(root.resolve("something-something-v2-labels.json"), SSV2_LABELS);
        assertThat(open("format = ssv2, ssv2.labels = \"" + labels + "\"", validation).size()).isEqualTo(2);
        assertThatThrownBy(() -> open("format = ssv2", validation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Something-Something v2 labels " + root.resolve("labels.json")
                        + ": no such file (set adamae.data.ssv2.labels to its labels.json)");
    }

    @Test
    void kinetics400TakesTheSplitOfAFolderAndTheVideosFromTheRoot() throws IOException {
        Path annotations = Files.createDirectories(root.resolve("annotations"));
        Files.writeString(annotations.resolve("val.csv"), KINETICS_VAL);
        VideoFileDataset dataset = open("format = kinetics400, split = val, root = \"" + root.resolve("val") + "\"",
                annotations);
        assertThat(dataset).isInstanceOf(Kinetics400Dataset.class);
        assertThat(dataset.entries()).containsExactly(new VideoEntry(root.resolve("val/--07WQ2iBlw_000001_000011.mp4"), 0));
    }

    @Test
    void aSplitTheFolderLacksIsNamedWithItsSetting() throws IOException {
        Files.writeString(root.resolve("train.csv"), KINETICS_VAL);
        assertThatThrownBy(() -> open("format = kinetics400, split = test", root))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kinetics-400 annotations " + root.resolve("test.csv")
                        + ": no such file (adamae.data.split = test names the annotation file in the folder)");
    }

    @Test
    void aFormatThatDoesNotFitTheSourceIsRefusedInOneLine() throws IOException {
        TestClips.copy(TestClips.H264_MP4, root.resolve("a.mp4"));
        Path list = Files.writeString(root.resolve("list.txt"), "a.mp4 0\n");
        assertThatThrownBy(() -> open("format = folder", list))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting adamae.data.format = \"folder\" (test.conf: 1): needs a folder of videos, and "
                        + list + " is a file");
        assertThatThrownBy(() -> open("format = list", root))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageEndingWith("needs a list file of `path label` lines, and " + root + " is a folder");
        assertThatThrownBy(() -> open("root = \"" + root + "\"", root))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.root")
                .hasMessageEndingWith("a video folder (" + root + ") holds its videos itself");
    }

    @Test
    void settingsThatDoNotFitTheFormatAreRefusedAtOnce() {
        assertThatThrownBy(() -> settings("format = list, ssv2.labels = labels.json"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting adamae.data.ssv2.labels = \"labels.json\" (test.conf: 1): is for format = ssv2,"
                        + " and adamae.data.format is list");
        assertThatThrownBy(() -> settings("format = ucf101"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.format")
                .hasMessageContaining("must be one of [auto, folder, kinetics400, list, ssv2]");
        assertThatThrownBy(() -> settings("split = \"../train\""))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.split");
        assertThatThrownBy(() -> settings("format = ssv2").requireNoVideoSettings("the embedded data set"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageEndingWith(": is for video files, and the embedded data set has none");
    }

    @Test
    void aMissingSourceIsNamed() {
        assertThatThrownBy(() -> open("format = ssv2", root.resolve("nowhere.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(root.resolve("nowhere.json") + ": no such file or folder");
    }
}
