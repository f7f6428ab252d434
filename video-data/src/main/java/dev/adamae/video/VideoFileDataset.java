package dev.adamae.video;

import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.util.List;
import java.util.Objects;

/**
 * A data set of video files, whatever lists them: each subclass finds its entries and class
 * names at construction; reading is shared. Instances are immutable apart from the reader's
 * memory of frame counts, and may be read from many threads at once.
 */
public abstract class VideoFileDataset implements ClipDataset {

    private final String name;
    private final List<VideoEntry> entries;
    private final List<String> classNames;
    private final VideoClipReader reader;

    /**
     * Creates the data set.
     *
     * @param name says where the videos come from, for descriptions
     * @param entries the videos, at least one
     * @param classNames the class names indexed by label, empty when there are no labels
     * @throws IllegalArgumentException when there is no video, or a label has no class name
     */
    protected VideoFileDataset(String name, List<VideoEntry> entries, List<String> classNames, VideoDataSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.entries = List.copyOf(entries);
        this.classNames = List.copyOf(classNames);
        this.reader = new VideoClipReader(Objects.requireNonNull(settings, "settings"));
        if (this.entries.isEmpty()) {
            throw new IllegalArgumentException(name + " holds no video");
        }
        for (VideoEntry entry : this.entries) {
            if (entry.label() >= this.classNames.size()) {
                throw new IllegalArgumentException(name + ": " + entry.file() + " has label " + entry.label() + " but only "
                        + this.classNames.size() + " classes are known");
            }
        }
    }

    @Override
    public String description() {
        return name + " (" + entries.size() + " videos" + (classNames.isEmpty() ? "" : ", " + classNames.size() + " classes")
                + ")";
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** Returns the videos, in index order. */
    public List<VideoEntry> entries() {
        return entries;
    }

    /**
     * Reads a clip of video {@code index}; the same index and seed always give the same clip.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
     */
    @Override
    public VideoClip read(int index, long sampleSeed) throws UnreadableClipException {
        VideoEntry entry = entries.get(Objects.checkIndex(index, entries.size()));
        return reader.read(entry.file(), entry.label(), sampleSeed);
    }

    /**
     * Reads one test view of video {@code index}, as VideoMAE's multi-view testing cuts it: the
     * temporal clip {@code view.temporalIndex()} of {@code view.temporalViews()} spread evenly over
     * the video, and the spatial crop {@code view.spatialIndex()} of {@code view.spatialViews()}
     * along the longer side of the frame resized to just cover the clip ({@link ClipSampling#viewPlan}).
     * No random choice, no flip: the same clip at every call.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
     */
    /** Returns {@code true}: views of a video differ in time and across the frame. */
    @Override
    public boolean hasDistinctViews() {
        return true;
    }

    @Override
    public VideoClip readView(int index, EvaluationView view) throws UnreadableClipException {
        VideoEntry entry = entries.get(Objects.checkIndex(index, entries.size()));
        return reader.readView(entry.file(), entry.label(), view);
    }
}
