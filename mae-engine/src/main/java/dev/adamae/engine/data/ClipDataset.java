package dev.adamae.engine.data;

import java.util.List;

/**
 * A data set of clips, read by index. The training loop decides the order; a data set only
 * reads, decodes and augments.
 *
 * <p>Implementations are thread-safe: loaders read several clips at once.
 */
public interface ClipDataset {

    /** Returns a short description for logs and metrics, e.g. {@code moving-sprites (2048 clips)}. */
    String description();

    /** Returns the number of clips. */
    int size();

    /** Returns the class names, indexed by label; empty when the clips have no labels. */
    List<String> classNames();

    /**
     * Reads clip {@code index}.
     *
     * @param index from 0 to {@code size() - 1}; another index is a programming error
     *     ({@link IndexOutOfBoundsException}), not a clip to skip
     * @param sampleSeed drives every random choice made while reading (temporal start, crop,
     *     flip), so that the same index and seed always give the same clip; a data set that
     *     makes no random choice ignores it
     * @return a clip whose arrays belong to the caller
     * @throws UnreadableClipException when the clip cannot be read; the loop counts and skips it
     */
    VideoClip read(int index, long sampleSeed) throws UnreadableClipException;

    /**
     * Reads one test view of clip {@code index}: no random choice, the same clip at every call.
     *
     * <p>The default suits data sets whose clips are made at the model's size and length (the
     * embedded set): every view is the clip read with sample seed 0. Data sets cut from longer,
     * larger videos override it to space the views over time and across the frame.
     *
     * @throws UnreadableClipException when the clip cannot be read
     */
    default VideoClip readView(int index, EvaluationView view) throws UnreadableClipException {
        return read(index, 0L);
    }

    /**
     * Tells whether {@link #readView} gives different clips for different views; when it does
     * not, a test reads one view per clip, as more would only repeat it.
     */
    default boolean hasDistinctViews() {
        return false;
    }
}
