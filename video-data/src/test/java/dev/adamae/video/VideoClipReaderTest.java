package dev.adamae.video;

import static dev.adamae.video.TestClips.clip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoClipReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"realshort.mp4", "cockatoo-vp9.webm", "lego-webm.webm", "balle1-vp9.avi", "g1.avi",
        "Effet_force_magnetique.ogv"})
    void aClipOfEveryCodecHasTheModelsShapeAndTheLabel(String name) throws Exception {
        VideoClip clip = new VideoClipReader(TestClips.settings(16, 32)).read(clip(name), 3, 5);
        assertThat(clip.frames()).isEqualTo(16);
        assertThat(clip.height()).isEqualTo(32);
        assertThat(clip.width()).isEqualTo(32);
        assertThat(clip.label()).isEqualTo(3);
        assertThat(clip.id()).isEqualTo(clip(name).toString());
        assertThat(clip.foreground()).isNull();
    }

    @Test
    void theSameSeedGivesTheSameClipAndAnotherSeedAnotherClip() throws Exception {
        VideoClipReader reader = new VideoClipReader(TestClips.settings(8, 32));
        Path file = clip(TestClips.VP9_AVI);
        VideoClip first = reader.read(file, 0, 123);
        VideoClip again = new VideoClipReader(TestClips.settings(8, 32)).read(file, 0, 123);
        VideoClip other = reader.read(file, 0, 124);
        assertThat(again).isEqualTo(first);
        assertThat(other.pixels()).isNotEqualTo(first.pixels());
    }

    @Test
    void aVideoShorterThanAnnouncedIsPlannedAgainWithTheFramesItHoldsAndGivesTheSameClipEveryTime() throws Exception {
        ClipSampling sampling = TestClips.sampling(16, 32);
        // lego-webm.webm announces 167 frames and holds 166: find a seed whose clip needs frame 166.
        long seed = 0;
        while (sampling.plan(167, 560, 320, seed).frameIndices()[15] != 166) {
            seed++;
        }
        VideoClipReader reader = new VideoClipReader(TestClips.settings(16, 32));
        VideoClip firstRead = reader.read(clip(TestClips.VP8_WEBM), 0, seed);
        VideoClip secondRead = reader.read(clip(TestClips.VP8_WEBM), 0, seed);
        assertThat(secondRead).isEqualTo(firstRead);
    }

    @Test
    void readsFromManyThreadsAtOnceGiveTheClipsOfOneThread() throws Exception {
        VideoClipReader reader = new VideoClipReader(TestClips.settings(8, 32));
        List<Path> files = List.of(clip(TestClips.H264_MP4), clip(TestClips.VP9_WEBM), clip(TestClips.VP8_WEBM),
                clip(TestClips.THEORA_OGV));
        List<VideoClip> alone = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            alone.add(reader.read(files.get(i % 4), i, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<VideoClip>> together = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int clip = i;
                together.add(pool.submit(() -> reader.read(files.get(clip % 4), clip, clip)));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(together.get(i).get()).isEqualTo(alone.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aVideoShorterThanTheSpanRepeatsItsLastSampledFrame() throws Exception {
        // g1.avi holds 16 frames; 16 frames at stride 2 span 31: frames 0, 2, ..., 14, then 14 again.
        VideoClip clip = new VideoClipReader(TestClips.settings(16, 32)).read(clip(TestClips.MPEG4_AVI), 0, 1);
        assertThat(frame(clip, 7)).isEqualTo(frame(clip, 15));
        assertThat(frame(clip, 6)).isNotEqualTo(frame(clip, 7));
    }

    @Test
    void aVideoWithFewerFramesThanTheMinimumIsUnreadable() {
        VideoDataSettings defaults = TestClips.settings(16, 32);
        VideoDataSettings strict = new VideoDataSettings(defaults.sampling(), defaults.decoder(), 20, defaults.extensions());
        assertThatThrownBy(() -> new VideoClipReader(strict).read(clip(TestClips.MPEG4_AVI), 0, 1))
                .isInstanceOf(UnreadableClipException.class)
                .hasMessageStartingWith(clip(TestClips.MPEG4_AVI) + ": ")
                .hasMessageContaining("has 16 frames, fewer than the 20 a clip needs")
                .satisfies(e -> assertThat(((UnreadableClipException) e).reason()).isEqualTo(FailureReasons.TOO_FEW_FRAMES));
    }

    @Test
    void aFlippedClipMirrorsTheUnflippedOne() throws Exception {
        ClipSampling base = TestClips.sampling(4, 32);
        ClipSampling flipping = new ClipSampling(4, 32, 32, base.temporalStride(), base.cropScales(),
                base.maxScaleDistortion(), true, base.mode());
        long seed = 0;
        while (!flipping.plan(36, 320, 240, seed).flip()) {
            seed++;
        }
        VideoDataSettings defaults = TestClips.settings(4, 32);
        VideoClip flipped = new VideoClipReader(new VideoDataSettings(flipping, defaults.decoder(), 1, defaults.extensions()))
                .read(clip(TestClips.H264_MP4), 0, seed);
        // The same seed draws the same start and crop whether or not flipping is enabled; only the flip differs.
        VideoClip plain = new VideoClipReader(defaults).read(clip(TestClips.H264_MP4), 0, seed);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(flipped.pixels()[flipped.pixelIndex(1, 2, y, x)])
                        .isEqualTo(plain.pixels()[plain.pixelIndex(1, 2, y, 31 - x)]);
            }
        }
    }

    private static float[] frame(VideoClip clip, int t) {
        float[] values = new float[clip.height() * clip.width()];
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                values[y * clip.width() + x] = clip.pixels()[clip.pixelIndex(0, t, y, x)];
            }
        }
        return Arrays.copyOf(values, values.length);
    }
}
