package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFolderDatasetTest {

    @TempDir
    Path root;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void labelsAreTheSortedNamesOfTheFirstFolderLevel() throws IOException {
        TestClips.copy(TestClips.H264_MP4, root.resolve("zebra/a.mp4"));
        TestClips.copy(TestClips.VP9_WEBM, root.resolve("ant/deep/er/b.webm"));
        TestClips.copy(TestClips.THEORA_OGV, root.resolve("ant/c.OGV"));
        TestClips.copy(TestClips.MPEG4_AVI, root.resolve("loose.avi"));
        Files.writeString(root.resolve("zebra/notes.txt"), "not a video");
        TestClips.copy(TestClips.H264_MP4, root.resolve(".cache/hidden.mp4"));
        TestClips.copy(TestClips.H264_MP4, root.resolve("zebra/._resource-fork.mp4"));

        VideoFolderDataset dataset = new VideoFolderDataset(root, TestClips.settings(4, 16), warnings::add);

        assertThat(dataset.classNames()).containsExactly("ant", "zebra");
        assertThat(dataset.entries()).extracting(entry -> root.relativize(entry.file()).toString(), VideoEntry::label)
                .containsExactly(
                        tuple("ant/c.OGV", 0),
                        tuple("ant/deep/er/b.webm", 0),
                        tuple("loose.avi", VideoClip.NO_LABEL),
                        tuple("zebra/a.mp4", 1));
        assertThat(dataset.size()).isEqualTo(4);
        assertThat(dataset.description()).contains(root.toString()).contains("4 videos").contains("2 classes");
        assertThat(warnings).isEmpty();
    }

    @Test
    void readingGivesTheClipOfTheIndexWithItsLabel() throws Exception {
        TestClips.copy(TestClips.H264_MP4, root.resolve("dog/a.mp4"));
        TestClips.copy(TestClips.VP9_WEBM, root.resolve("cat/b.webm"));
        VideoFolderDataset dataset = new VideoFolderDataset(root, TestClips.settings(4, 16), warnings::add);

        VideoClip clip = dataset.read(1, 9);

        assertThat(clip.label()).isEqualTo(1);
        assertThat(clip.id()).endsWith("dog/a.mp4");
        assertThat(dataset.read(1, 9)).isEqualTo(clip);
        assertThatThrownBy(() -> dataset.read(2, 9)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aVideoRemovedAfterTheScanIsUnreadableNotACrash() throws Exception {
        Path gone = TestClips.copy(TestClips.H264_MP4, root.resolve("dog/a.mp4"));
        TestClips.copy(TestClips.VP9_WEBM, root.resolve("dog/b.webm"));
        VideoFolderDataset dataset = new VideoFolderDataset(root, TestClips.settings(4, 16), warnings::add);
        Files.delete(gone);

        assertThatThrownBy(() -> dataset.read(0, 1))
                .isInstanceOf(UnreadableClipException.class)
                .hasMessage(gone + ": file not found");
        assertThat(dataset.read(1, 1).frames()).isEqualTo(4);
    }

    @Test
    void aFolderThatLoopsBackIsReportedAndSkipped() throws IOException {
        TestClips.copy(TestClips.H264_MP4, root.resolve("dog/a.mp4"));
        Path loop = Files.createSymbolicLink(root.resolve("dog/loop"), root);

        VideoFolderDataset dataset = new VideoFolderDataset(root, TestClips.settings(4, 16), warnings::add);

        assertThat(dataset.size()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains(loop.toString()).contains("loops back");
    }

    @Test
    void anUnreadableFolderIsReportedAndSkipped() throws IOException {
        TestClips.copy(TestClips.H264_MP4, root.resolve("dog/a.mp4"));
        Path locked = Files.createDirectories(root.resolve("cat"));
        TestClips.copy(TestClips.H264_MP4, locked.resolve("b.mp4"));
        locked.toFile().setReadable(false);
        try {
            assumeFalse(Files.isReadable(locked),
                    "this user reads every folder (root), so no folder can be made unreadable");
            VideoFolderDataset dataset = new VideoFolderDataset(root, TestClips.settings(4, 16), warnings::add);
            assertThat(dataset.size()).isEqualTo(1);
            assertThat(warnings).singleElement().asString().contains(locked.toString());
        } finally {
            locked.toFile().setReadable(true);
        }
    }

    @Test
    void aFolderWithoutVideosIsRefusedAtConstruction() throws IOException {
        Files.writeString(root.resolve("readme.txt"), "nothing to see");
        assertThatThrownBy(() -> new VideoFolderDataset(root, TestClips.settings(4, 16), warnings::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(root.toString())
                .hasMessageContaining("holds no video")
                .hasMessageContaining("mp4");
    }

    @Test
    void aMissingRootIsRefusedAtConstruction() {
        Path missing = root.resolve("missing");
        assertThatThrownBy(() -> new VideoFolderDataset(missing, TestClips.settings(4, 16), warnings::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Video folder " + missing + " does not exist");
    }
}
