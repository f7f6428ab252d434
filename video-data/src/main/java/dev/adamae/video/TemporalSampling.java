package dev.adamae.video;

import dev.adamae.engine.data.EvaluationView;
import java.util.SplittableRandom;

/**
 * Chooses which frames of a video make a clip: {@code frames} frames {@code stride} apart.
 *
 * <p>As VideoMAE's loader, a video with room for the whole span gets a start drawn uniformly
 * among the starts that fit (training) or the centred start (evaluation; {@link #indicesFrom} gives
 * the start of any test view). A shorter video starts
 * at frame 0 and, once the next frame on the stride grid would lie past its end, repeats the last
 * grid frame it reached: indices are clamped, not looped, so a clip never jumps back in time.
 * Two small departures from VideoMAE, both to use every frame that exists: the span is
 * {@code (frames - 1) * stride + 1} frames (VideoMAE asks for {@code frames * stride}), and the
 * clamp stops at the last grid frame inside the video (VideoMAE stops one grid step earlier).
 */
final class TemporalSampling {

    private TemporalSampling() {
    }

    /** Returns the number of video frames a clip of {@code frames} frames at {@code stride} spans. */
    static int span(int frames, int stride) {
        return (frames - 1) * stride + 1;
    }

    /**
     * Returns the frame indices of a clip.
     *
     * @param frameCount the frames of the video, at least 1
     * @param random drawn from exactly once in training, whatever the video's length, so that the
     *     draws after it do not depend on the length
     */
    static int[] indices(int frameCount, int frames, int stride, ClipSampling.Mode mode, SplittableRandom random) {
        if (frameCount < 1 || frames < 1 || stride < 1) {
            throw new IllegalArgumentException("Sampling needs a video with frames, a clip with frames and a stride >= 1, got "
                    + frameCount + ", " + frames + ", " + stride);
        }
        int room = frameCount - span(frames, stride);
        int start;
        if (mode == ClipSampling.Mode.TRAIN) {
            int draw = random.nextInt(Math.max(room, 0) + 1);
            start = room >= 0 ? draw : 0;
        } else {
            start = EvaluationView.CENTRE.temporalStart(room);
        }
        return indicesFrom(frameCount, frames, stride, start);
    }

    /**
     * Returns the frame indices of a clip that starts at frame {@code start}: {@code frames}
     * frames {@code stride} apart, the last grid frame inside the video repeated once the next
     * would lie past its end.
     *
     * @param start from 0 to {@code frameCount - 1}
     */
    static int[] indicesFrom(int frameCount, int frames, int stride, int start) {
        if (frameCount < 1 || frames < 1 || stride < 1 || start < 0 || start >= frameCount) {
            throw new IllegalArgumentException("A clip needs a video with frames, a clip with frames, a stride >= 1 and a start"
                    + " inside the video, got " + frameCount + ", " + frames + ", " + stride + ", " + start);
        }
        int lastStep = (frameCount - 1 - start) / stride;
        int[] indices = new int[frames];
        for (int i = 0; i < frames; i++) {
            indices[i] = start + Math.min(i, lastStep) * stride;
        }
        return indices;
    }
}
