package dev.adamae.video;

import com.typesafe.config.Config;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How the data source ({@code adamae.data.source}, a path) lists its videos, read from
 * {@value #PATH} and checked at start-up: its {@link VideoFormat}, the folder the videos are in,
 * the split to take from an annotation folder, and Something-Something v2's labels file.
 *
 * <p>{@link #open} turns a source into its data set. For {@code ssv2} and {@code kinetics400} the
 * source is an annotation file, or a folder that holds {@code <split>.json} or {@code <split>.csv}.
 * A setting that does not fit the source or the format is refused in one line that names it.
 */
public final class VideoSourceSettings {

    /** The configuration section of the data source. */
    public static final String PATH = "adamae.data";

    /** The key of the format. */
    public static final String FORMAT = "format";

    /** The key of the videos' folder. */
    public static final String ROOT = "root";

    /** The key of the split. */
    public static final String SPLIT = "split";

    /** The key of Something-Something v2's labels file. */
    public static final String SSV2_LABELS = "ssv2.labels";

    /** The name of Something-Something v2's labels file beside its annotation files. */
    public static final String SSV2_LABELS_FILE = "labels.json";

    private static final Pattern SPLIT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Settings section;
    private final VideoFormat format;
    private final Optional<Path> root;
    private final String split;
    private final Optional<Path> ssv2Labels;

    private VideoSourceSettings(Settings section, VideoFormat format, Optional<Path> root, String split,
            Optional<Path> ssv2Labels) {
        this.section = section;
        this.format = format;
        this.root = root;
        this.split = split;
        this.ssv2Labels = ssv2Labels;
    }

    /** Reads and checks the settings in section {@value #PATH} of {@code config}. */
    public static VideoSourceSettings from(Config config) {
        Settings data = Settings.section(config, PATH);
        VideoFormat format = VideoFormat.ofSettingName(data.getChoice(FORMAT, VideoFormat.settingNames()));
        String split = data.getString(SPLIT);
        if (!SPLIT_NAME.matcher(split).matches()) {
            throw data.invalid(SPLIT, "must be a file name without its extension, e.g. train or validation");
        }
        Optional<Path> root = data.isSet(ROOT) ? Optional.of(Path.of(data.getString(ROOT))) : Optional.empty();
        Optional<Path> labels = data.isSet(SSV2_LABELS) ? Optional.of(Path.of(data.getString(SSV2_LABELS)))
                : Optional.empty();
        if (labels.isPresent() && format != VideoFormat.SSV2) {
            throw data.invalid(SSV2_LABELS, "is for " + FORMAT + " = " + VideoFormat.SSV2.settingName() + ", and "
                    + data.fullKey(FORMAT) + " is " + format.settingName());
        }
        return new VideoSourceSettings(data, format, root, split, labels);
    }

    /** Returns how the source lists its videos. */
    public VideoFormat format() {
        return format;
    }

    /** Returns the folder the videos are in, when it is set. */
    public Optional<Path> root() {
        return root;
    }

    /** Returns the split taken from an annotation folder. */
    public String split() {
        return split;
    }

    /** Returns Something-Something v2's labels file, when it is set. */
    public Optional<Path> ssv2Labels() {
        return ssv2Labels;
    }

    /**
     * Refuses these settings for a source that is not a path of videos, such as the embedded set.
     *
     * @param source names the source, e.g. {@code the embedded data set}
     * @throws InvalidSettingException when a format or a videos' folder is set
     */
    public void requireNoVideoSettings(String source) {
        if (format != VideoFormat.AUTO) {
            throw section.invalid(FORMAT, "is for video files, and " + source + " has none");
        }
        if (root.isPresent()) {
            throw section.invalid(ROOT, "is for video files, and " + source + " has none");
        }
    }

    /**
     * Opens the data set of {@code source} in this format.
     *
     * @param source a folder of videos, a list file, or annotations, as the format wants
     * @param warnings receives one line for each sub-folder of a video folder that cannot be read
     * @throws InvalidSettingException when the format or another setting does not fit the source
     * @throws IllegalArgumentException when the source or a file it names is missing or malformed, naming it
     * @throws java.io.UncheckedIOException when a file cannot be read
     */
    public VideoFileDataset open(Path source, VideoDataSettings video, Consumer<String> warnings) {
        if (!Files.exists(source)) {
            throw new IllegalArgumentException(source + ": no such file or folder");
        }
        VideoFormat chosen = format == VideoFormat.AUTO ? (Files.isDirectory(source) ? VideoFormat.FOLDER : VideoFormat.LIST)
                : format;
        return switch (chosen) {
            case FOLDER -> {
                if (!Files.isDirectory(source)) {
                    throw section.invalid(FORMAT, "needs a folder of videos, and " + source + " is a file");
                }
                if (root.isPresent()) {
                    throw section.invalid(ROOT, "is for list files and annotations; a video folder (" + source
                            + ") holds its videos itself");
                }
                yield new VideoFolderDataset(source, video, warnings);
            }
            case LIST -> {
                if (!Files.isRegularFile(source)) {
                    throw section.invalid(FORMAT, "needs a list file of `path label` lines, and " + source + " is a folder");
                }
                yield new VideoListDataset(source, videosFolder(source), video);
            }
            case SSV2 -> {
                Path annotations = annotations(source, ".json", "Something-Something v2");
                Path labels = ssv2Labels.orElseGet(() -> annotations.toAbsolutePath().getParent().resolve(SSV2_LABELS_FILE));
                if (!Files.isRegularFile(labels)) {
                    throw new IllegalArgumentException("Something-Something v2 labels " + labels + ": no such file (set "
                            + section.fullKey(SSV2_LABELS) + " to its labels.json)");
                }
                yield new SomethingSomethingV2Dataset(annotations, labels, videosFolder(annotations), video);
            }
            case KINETICS400 -> {
                Path annotations = annotations(source, ".csv", "Kinetics-400");
                yield new Kinetics400Dataset(annotations, videosFolder(annotations), video);
            }
            case AUTO -> throw new IllegalStateException("auto is resolved above");
        };
    }

    /** Returns the annotation file: the source itself, or {@code <split><extension>} in the source folder. */
    private Path annotations(Path source, String extension, String dataSet) {
        if (!Files.isDirectory(source)) {
            return source;
        }
        Path file = source.resolve(split + extension);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dataSet + " annotations " + file + ": no such file (" + section.fullKey(SPLIT)
                    + " = " + split + " names the annotation file in the folder)");
        }
        return file;
    }

    /** Returns the folder of the videos: the configured root, or the folder of the list or annotation file. */
    private Path videosFolder(Path file) {
        return root.orElseGet(() -> file.toAbsolutePath().getParent());
    }
}
