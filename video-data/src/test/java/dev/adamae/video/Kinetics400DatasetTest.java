package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Kinetics400DatasetTest {

    @TempDir
    Path root;

    @Test
    void linesGiveTheDownloadedFileNamesInTheRootOrTheLabelFolder() throws Exception {
        TestClips.copy(TestClips.H264_MP4, root.resolve("abseiling/--07WQ2iBlw_000001_000011.mp4"));
        TestClips.copy(TestClips.H264_MP4, root.resolve("-3B32lodo2M_000059_000069.mp4"));
        Path csv = Files.writeString(root.resolve("train.csv"), """
                label,youtube_id,time_start,time_end,split
                abseiling,--07WQ2iBlw,1,11,train
                "air drumming",-3B32lodo2M,59,69,train
                abseiling,missing0000,100.0,110.0,train
                """);

        Kinetics400Dataset dataset = new Kinetics400Dataset(csv, root, TestClips.settings(4, 16));

        assertThat(dataset.classNames()).containsExactly("abseiling", "air drumming");
        assertThat(dataset.entries()).containsExactly(
                new VideoEntry(root.resolve("abseiling/--07WQ2iBlw_000001_000011.mp4"), 0),
                new VideoEntry(root.resolve("-3B32lodo2M_000059_000069.mp4"), 1),
                new VideoEntry(root.resolve("missing0000_000100_000110.mp4"), 0));
        assertThat(dataset.read(1, 2).label()).isEqualTo(1);
        assertThatThrownBy(() -> dataset.read(2, 2))
                .isInstanceOf(UnreadableClipException.class)
                .hasMessageContaining("missing0000_000100_000110.mp4: file not found");
    }

    @Test
    void aFileWithoutLabelsIsUnlabelled() throws IOException {
        Path csv = Files.writeString(root.resolve("test.csv"), "youtube_id,time_start,time_end,split\nabc,0,10,test\n");
        Kinetics400Dataset dataset = new Kinetics400Dataset(csv, root, TestClips.settings(4, 16));
        assertThat(dataset.classNames()).isEmpty();
        assertThat(dataset.entries()).containsExactly(new VideoEntry(root.resolve("abc_000000_000010.mp4"), VideoClip.NO_LABEL));
    }

    @Test
    void aHeaderWithoutTheIdColumnIsRefused() throws IOException {
        Path csv = Files.writeString(root.resolve("train.csv"), "label,id,time_start,time_end\na,b,0,10\n");
        assertThatThrownBy(() -> new Kinetics400Dataset(csv, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(csv.toString())
                .hasMessageContaining("lacks the column youtube_id");
    }

    @Test
    void aMalformedTimeIsAnErrorNamingTheFileAndLine() throws IOException {
        Path csv = Files.writeString(root.resolve("train.csv"),
                "label,youtube_id,time_start,time_end,split\na,b,0,10,train\na,c,ten,20,train\n");
        assertThatThrownBy(() -> new Kinetics400Dataset(csv, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(csv + " line 3: the time `ten` is not a whole number of seconds below 1000000");
    }

    @Test
    void aShortLineIsAnErrorNamingTheFileAndLine() throws IOException {
        Path csv = Files.writeString(root.resolve("train.csv"), "label,youtube_id,time_start,time_end,split\na,b,0\n");
        assertThatThrownBy(() -> new Kinetics400Dataset(csv, root, TestClips.settings(4, 16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(csv + " line 2: expected 5 fields");
    }
}
