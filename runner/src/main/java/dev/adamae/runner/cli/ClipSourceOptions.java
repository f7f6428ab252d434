package dev.adamae.runner.cli;

import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.train.TrainingModule;
import dev.adamae.video.ClipSampling;
import dev.adamae.video.VideoClipReader;
import dev.adamae.video.VideoDataSettings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options that choose the one clip a command shows: a video file, or a clip of the embedded
 * moving-sprites set; and the reading of that clip.
 */
public final class ClipSourceOptions {

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "The clip (one of):%n")
    Source source;

    /** Where the clip comes from: a video file, or the embedded data set. */
    static final class Source {

        @Option(names = "--video", paramLabel = "FILE",
                description = "A video file, read as for evaluation: centred in time and space, no flip.")
        Path video;

        @Option(names = "--embedded",
                description = "A clip of the embedded moving-sprites set, as configured (adamae.data.moving-sprites).")
        boolean embedded;
    }

    @Option(names = "--index", paramLabel = "I",
            description = "With --embedded: the clip's index (default: the seed modulo the number of clips).")
    Integer index;

    /** Tells whether a clip source was given. */
    boolean given() {
        return source != null;
    }

    /** Returns the video file, or {@code null} for the embedded set or no source. */
    Path video() {
        return source == null ? null : source.video;
    }

    /**
     * Adds the settings the clip is read with to {@code flags}: views as for evaluation, and the
     * embedded set as the data every command's injector builds, so that a configuration made for
     * videos does not make it list them.
     */
    void addTo(Map<String, Object> flags) {
        flags.put(TrainingModule.DATA_SOURCE_KEY, TrainingModule.EMBEDDED);
        flags.put(ClipSampling.PATH + "." + ClipSampling.MODE, ClipSampling.Mode.EVALUATE.settingName());
    }

    /** Refuses {@code --index} without {@code --embedded}, in one line. */
    void check() {
        if (index != null && (source == null || source.video != null)) {
            throw new UsageException("--index picks a clip of the embedded set; it goes with --embedded, not "
                    + (source == null ? "alone" : "--video"));
        }
    }

    /**
     * Reads the clip.
     *
     * @param dataset the embedded set the command's injector built
     * @param seed the command's seed, which picks the embedded clip when {@code --index} is absent
     * @throws UsageException when no source was given, the index is out of range or the clip cannot be read
     */
    VideoClip read(ClipDataset dataset, VideoDataSettings videoSettings, long seed) {
        check();
        if (source == null) {
            throw new UsageException("No clip given: use --video FILE or --embedded [--index I]");
        }
        if (source.video != null) {
            try {
                return new VideoClipReader(videoSettings).read(source.video, VideoClip.NO_LABEL, 0L);
            } catch (UnreadableClipException e) {
                throw new UsageException("Video " + oneLine(e.getMessage()), e);
            }
        }
        int clips = dataset.size();
        int chosen = index != null ? index : (int) Math.floorMod(seed, (long) clips);
        if (chosen < 0 || chosen >= clips) {
            throw new UsageException("--index " + chosen + " is outside the embedded set's " + clips + " clips (0 to "
                    + (clips - 1) + ")");
        }
        try {
            return dataset.readView(chosen, EvaluationView.CENTRE);
        } catch (UnreadableClipException e) {
            throw new UsageException("Clip " + chosen + " of " + dataset.description() + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** Returns a file name for pictures of the clip: the video's name without its extension, or the clip's id. */
    String fileNameOf(VideoClip clip) {
        String name = clip.id();
        Path video = video();
        if (video != null && video.getFileName() != null) {
            name = video.getFileName().toString();
            int dot = name.lastIndexOf('.');
            name = dot > 0 ? name.substring(0, dot) : name;
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+", "");
        return safe.isEmpty() ? "clip" : safe;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
