package dev.adamae.video;

import static dev.adamae.video.TestClips.clip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.Settings;
import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.VideoClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test views of real videos: VideoMAE's multi-view testing, temporal clips times spatial crops. */
class VideoFileDatasetViewsTest {

    private static final int FRAMES = 4;
    private static final int SIZE = 32;

    @TempDir
    Path root;

    private VideoDataSettings settings;
    private VideoFileDataset dataset;

    @BeforeEach
    void listTheClips() throws Exception {
        // cockatoo-vp9.webm: 320x180, 80 frames, a landscape video; balle1-vp9.avi: 320x240, 295 frames.
        Path list = Files.writeString(root.resolve("test.txt"), clip(TestClips.VP9_WEBM) + " 0\n" + clip(TestClips.VP9_AVI) + " 1\n");
        settings = TestClips.settings(FRAMES, SIZE);
        dataset = new VideoListDataset(list, root, settings);
    }

    @Test
    void aViewIsTheSameClipAtEveryReadWhateverTheReader() throws Exception {
        EvaluationView view = new EvaluationView(1, 2, 2, 3);
        VideoClip first = dataset.readView(1, view);
        VideoClip again = dataset.readView(1, view);
        VideoClip fresh = new VideoListDataset(root.resolve("test.txt"), root, TestClips.settings(FRAMES, SIZE)).readView(1, view);
        assertThat(again).isEqualTo(first);
        assertThat(fresh).isEqualTo(first);
        assertThat(first.label()).isEqualTo(1);
        assertThat(List.of(first.frames(), first.height(), first.width())).containsExactly(FRAMES, SIZE, SIZE);
    }

    @Test
    void temporalViewsStartAtDifferentFramesSpreadOverTheVideo() throws Exception {
        int[] starts = new int[5];
        VideoClip[] clips = new VideoClip[5];
        for (int t = 0; t < 5; t++) {
            EvaluationView view = new EvaluationView(t, 5, 0, 1);
            starts[t] = settings.sampling().viewPlan(295, 320, 240, view).frameIndices()[0];
            clips[t] = dataset.readView(1, view);
        }
        // 295 frames, 4 frames at stride 2 span 7: starts 0, 72, 144, 216, 288.
        assertThat(starts).containsExactly(0, 72, 144, 216, 288);
        for (int t = 1; t < 5; t++) {
            assertThat(clips[t].pixels()).as("view %d", t).isNotEqualTo(clips[t - 1].pixels());
        }
    }

    @Test
    void threeSpatialViewsOfALandscapeVideoAreItsLeftCentreAndRightCropsAtTheClipHeight() throws Exception {
        // 320x180 is decoded at 57x32 (the shorter side becomes the clip's): 25 pixels of room across.
        ClipPlan centre = settings.sampling().viewPlan(80, 320, 180, EvaluationView.CENTRE);
        assertThat(List.of(centre.decodeWidth(), centre.decodeHeight())).containsExactly(57, 32);
        RgbFrame whole;
        try (VideoDecoder decoder = VideoDecoder.open(clip(TestClips.VP9_WEBM), settings.decoder())) {
            whole = decoder.decode(new int[] {centre.frameIndices()[0]}, 57, 32).get(0);
        }
        int[] lefts = {0, 12, 25};
        for (int s = 0; s < 3; s++) {
            VideoClip view = dataset.readView(0, new EvaluationView(0, 1, s, 3));
            for (int channel = 0; channel < 3; channel++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        float expected = (whole.value(y, lefts[s] + x, channel) - VideoClip.MEAN[channel]) / VideoClip.STD[channel];
                        assertThat(view.pixels()[view.pixelIndex(channel, 0, y, x)])
                                .as("view %d, channel %d, (%d, %d)", s, channel, y, x).isCloseTo(expected, within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void theSingleViewIsTheCentredEvaluationClip() throws Exception {
        Settings section = Settings.section(ConfigFactory.parseString(ClipSampling.PATH + ".mode = evaluate")
                .withFallback(ConfigFactory.defaultReference()), ClipSampling.PATH);
        VideoDataSettings evaluation = VideoDataSettings.from(section, ClipSampling.from(section, FRAMES, SIZE, SIZE));
        VideoFileDataset evaluating = new VideoListDataset(root.resolve("test.txt"), root, evaluation);
        assertThat(dataset.readView(0, EvaluationView.CENTRE)).isEqualTo(evaluating.read(0, 99));
        assertThat(dataset.readView(0, new EvaluationView(1, 3, 1, 3))).isEqualTo(dataset.readView(0, EvaluationView.CENTRE));
        // Training reads of the same video are random crops, not the centred view.
        assertThat(dataset.read(0, 99)).isNotEqualTo(dataset.readView(0, EvaluationView.CENTRE));
    }
}
