package dev.adamae.video;

import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one clip from a video file: plans the clip from the sample seed, decodes the frames it
 * needs and composes them. Thread-safe: every read opens its own decoder.
 *
 * <p>A video that turns out shorter than it announced is planned again with the frames it really
 * holds, and that count is remembered, so a clip depends on the file and the seed alone: the
 * first read and every later read of the same seed give the same clip.
 */
public final class VideoClipReader {

    private final VideoDataSettings settings;
    private final Map<Path, Integer> countedFrames = new ConcurrentHashMap<>();

    public VideoClipReader(VideoDataSettings settings) {
        this.settings = settings;
    }

    public VideoDataSettings settings() {
        return settings;
    }

    /**
     * Reads a clip of {@code file}.
     *
     * @param label the clip's class, or {@link VideoClip#NO_LABEL}
     * @param sampleSeed drives the start, the crop and the flip
     * @throws UnreadableClipException when the file cannot be read, or holds fewer than the minimum frames
     */
    public VideoClip read(Path file, int label, long sampleSeed) throws UnreadableClipException {
        ClipSampling sampling = settings.sampling();
        return read(file, label, (frameCount, width, height) -> sampling.plan(frameCount, width, height, sampleSeed));
    }

    /**
     * Reads one test view of {@code file} ({@link ClipSampling#viewPlan}): no random choice, the
     * same clip at every call.
     *
     * @param label the clip's class, or {@link VideoClip#NO_LABEL}
     * @throws UnreadableClipException when the file cannot be read, or holds fewer than the minimum frames
     */
    public VideoClip readView(Path file, int label, EvaluationView view) throws UnreadableClipException {
        ClipSampling sampling = settings.sampling();
        return read(file, label, (frameCount, width, height) -> sampling.viewPlan(frameCount, width, height, view));
    }

    /** Plans a clip of a video with {@code frameCount} frames of {@code width x height} pixels. */
    @FunctionalInterface
    private interface Planner {
        ClipPlan plan(int frameCount, int width, int height);
    }

    private VideoClip read(Path file, int label, Planner planner) throws UnreadableClipException {
        ClipSampling sampling = settings.sampling();
        try (VideoDecoder decoder = VideoDecoder.open(file, settings.decoder())) {
            VideoMetadata metadata = decoder.metadata();
            Integer counted = countedFrames.get(file);
            int frameCount = counted != null ? counted : metadata.frameCount();
            if (frameCount < 1) {
                frameCount = decoder.countFrames();
                countedFrames.put(file, frameCount);
            }
            // Two attempts: the second, if needed, uses the frame count the first one found.
            for (int attempt = 0; attempt < 2; attempt++) {
                if (frameCount < settings.minFrames()) {
                    throw new UnreadableClipException(file + ": has " + frameCount + " frames, fewer than the "
                            + settings.minFrames() + " a clip needs (" + ClipSampling.PATH + "." + VideoDataSettings.MIN_FRAMES
                            + ")", FailureReasons.TOO_FEW_FRAMES);
                }
                ClipPlan plan = planner.plan(frameCount, metadata.width(), metadata.height());
                try {
                    List<RgbFrame> frames = decoder.decode(plan.frameIndices(), plan.decodeWidth(), plan.decodeHeight());
                    return ClipComposer.compose(file.toString(), label, frames, plan, sampling.height(), sampling.width());
                } catch (VideoEndedException e) {
                    frameCount = e.framesFound();
                    countedFrames.put(file, frameCount);
                }
            }
            throw new UnreadableClipException(file + ": ended early twice while reading the same frames; its decoding is"
                    + " not repeatable", FailureReasons.DAMAGED_OR_TRUNCATED);
        }
    }
}
