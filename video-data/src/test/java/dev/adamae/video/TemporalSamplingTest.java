package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.video.ClipSampling.Mode;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemporalSamplingTest {

    @Test
    void aLongVideoGivesFramesAtTheStrideFromAStartThatLeavesRoomForTheWholeClip() {
        SplittableRandom random = new SplittableRandom(7);
        for (int draw = 0; draw < 200; draw++) {
            int[] indices = TemporalSampling.indices(100, 16, 4, Mode.TRAIN, random);
            assertThat(indices).hasSize(16);
            for (int i = 1; i < 16; i++) {
                assertThat(indices[i] - indices[i - 1]).isEqualTo(4);
            }
            assertThat(indices[0]).isBetween(0, 100 - 61);
            assertThat(indices[15]).isLessThan(100);
        }
    }

    @Test
    void everyStartThatFitsIsDrawn() {
        SplittableRandom random = new SplittableRandom(11);
        Set<Integer> starts = new HashSet<>();
        for (int draw = 0; draw < 2000; draw++) {
            starts.add(TemporalSampling.indices(40, 16, 2, Mode.TRAIN, random)[0]);
        }
        // A span of 31 frames fits 10 starts into 40 frames: 0 to 9.
        assertThat(starts).hasSize(10).contains(0, 9);
    }

    @Test
    void aVideoOfExactlyTheSpanStartsAtItsFirstFrameAndEndsAtItsLast() {
        int[] indices = TemporalSampling.indices(31, 16, 2, Mode.TRAIN, new SplittableRandom(3));
        assertThat(indices[0]).isZero();
        assertThat(indices[15]).isEqualTo(30);
    }

    @Test
    void aShortVideoStartsAtZeroAndRepeatsTheLastFrameOnTheStrideGrid() {
        int[] indices = TemporalSampling.indices(20, 16, 4, Mode.TRAIN, new SplittableRandom(5));
        assertThat(indices).containsExactly(0, 4, 8, 12, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16);
    }

    @Test
    void aOneFrameVideoRepeatsItsOnlyFrame() {
        assertThat(TemporalSampling.indices(1, 4, 2, Mode.TRAIN, new SplittableRandom(5))).containsExactly(0, 0, 0, 0);
    }

    @Test
    void evaluationCentresTheClipAndDrawsNothing() {
        SplittableRandom random = new SplittableRandom(5);
        long before = new SplittableRandom(5).nextLong();
        int[] indices = TemporalSampling.indices(100, 16, 4, Mode.EVALUATE, random);
        // 100 frames, span 61: 39 frames of room, 19 before the clip.
        assertThat(indices[0]).isEqualTo(19);
        assertThat(indices[15]).isEqualTo(79);
        assertThat(random.nextLong()).isEqualTo(before);
    }

    @Test
    void trainingDrawsOnceWhateverTheLength() {
        SplittableRandom shortVideo = new SplittableRandom(9);
        SplittableRandom longVideo = new SplittableRandom(9);
        TemporalSampling.indices(5, 16, 4, Mode.TRAIN, shortVideo);
        TemporalSampling.indices(500, 16, 4, Mode.TRAIN, longVideo);
        assertThat(shortVideo.nextLong()).isEqualTo(longVideo.nextLong());
    }

    @Test
    void aVideoWithoutFramesIsRefused() {
        assertThatThrownBy(() -> TemporalSampling.indices(0, 16, 4, Mode.TRAIN, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
