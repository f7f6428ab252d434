package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.engine.data.UnreadableClipException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoListDatasetTest {

    @TempDir
    Path root;

    @Test
    void linesGivePathsRelativeToTheRootAndLabelsSkippingCommentsAndBlanks() throws Exception {
        TestClips.copy(TestClips.H264_MP4, root.resolve("videos/a.mp4"));
        TestClips.copy(TestClips.VP9_WEBM, root.resolve("videos/with space.webm"));
        Path list = Files.writeString(root.resolve("train.txt"), """
                # path label
                videos/a.mp4 2

                   videos/with space.webm\t0
                # a comment between lines
                """);

        VideoListDataset dataset = new VideoListDataset(list, root, TestClips.settings(4, 16));

        assertThat(dataset.size()).isEqualTo(2);
        assertThat(dataset.entries()).containsExactly(
                new VideoEntry(root.resolve("videos/a.mp4"), 2), new VideoEntry(root.resolve("videos/with space.webm"), 0));
        assertThat(dataset.classNames()).containsExactly("0", "1", "2");
        assertThat(dataset.read(1, 4).label()).isZero();
        assertThat(dataset.description()).contains(list.toString()).contains("2 videos");
    }

    @Test
    void aListedFileThatIsMissingIsUnreadableWhenRead() throws Exception {
        TestClips.copy(TestClips.H264_MP4, root.resolve("a.mp4"));
        Path list = Files.writeString(root.resolve("list.txt"), "a.mp4 0\nmissing.mp4 1\n");
        VideoListDataset dataset = new VideoListDataset(list, root, TestClips.settings(4, 16));

        assertThat(dataset.read(0, 1).label()).isZero();
        assertThatThrownBy(() -> dataset.read(1, 1))
                .isInstanceOf(UnreadableClipException.class)
                .hasMessage(root.resolve("missing.mp4") + ": file not found");
    }

    @Test
    void aLineWithoutALabelIsAnErrorNamingTheFileAndLine() throws IOException {
        Path list = Files.writeString(root.resolve("list.txt"), "# header\na.mp4 0\nb.mp4\n");
        assertThatThrownBy(() -> new VideoListDataset(list, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Video list " + list + " line 3: expected `path label`, got `b.mp4`");
    }

    @Test
    void aLabelThatIsNotAClassIndexIsAnErrorNamingTheFileAndLine() throws IOException {
        Path list = Files.writeString(root.resolve("list.txt"), "a.mp4 dog\n");
        assertThatThrownBy(() -> new VideoListDataset(list, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(list + " line 1")
                .hasMessageContaining("`dog` is not a class index");
    }

    @Test
    void aListWithoutVideosIsRefusedAtConstruction() throws IOException {
        Path list = Files.writeString(root.resolve("list.txt"), "# nothing yet\n\n");
        assertThatThrownBy(() -> new VideoListDataset(list, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Video list " + list + " names no video");
    }

    @Test
    void aMissingListIsRefusedAtConstruction() {
        Path list = root.resolve("missing.txt");
        assertThatThrownBy(() -> new VideoListDataset(list, root, TestClips.settings(4, 16)))
                .hasMessageContaining("Cannot read video list " + list);
    }
}
