package dev.adamae.video;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The settings of data sets read from video files, read from {@value ClipSampling#PATH} and
 * checked at start-up.
 *
 * @param sampling how a clip is cut from a video
 * @param decoder how videos are decoded
 * @param minFrames videos with fewer frames are unreadable; longer ones shorter than a clip's span repeat their last frame
 * @param extensions the file name endings, lower case without the dot, that a folder data set takes for videos
 */
public record VideoDataSettings(ClipSampling sampling, DecoderOptions decoder, int minFrames, List<String> extensions) {

    /** The key of the smallest number of frames a readable video has. */
    public static final String MIN_FRAMES = "min-frames";

    /** The key of FFmpeg's decoding threads per video. */
    public static final String DECODER_THREADS = "decoder-threads";

    /** The key of the seek switch. */
    public static final String SEEK = "seek";

    /** The key of the video file extensions. */
    public static final String EXTENSIONS = "extensions";

    /** The most frames a video may be required to hold. */
    public static final int MOST_MIN_FRAMES = 1 << 16;

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]+");

    public VideoDataSettings {
        if (sampling == null || decoder == null) {
            throw new IllegalArgumentException("Sampling and decoder options must be given");
        }
        if (minFrames < 1 || minFrames > MOST_MIN_FRAMES) {
            throw new IllegalArgumentException("The minimum number of frames must be between 1 and " + MOST_MIN_FRAMES
                    + ", got " + minFrames);
        }
        if (extensions == null || extensions.isEmpty() || !extensions.stream().allMatch(e -> EXTENSION.matcher(e).matches())) {
            throw new IllegalArgumentException("Extensions must be at least one lower-case name without a dot, got "
                    + extensions);
        }
        extensions = List.copyOf(extensions);
    }

    /** Reads and checks the settings in section {@value ClipSampling#PATH} of {@code root}, for the model's clip size. */
    public static VideoDataSettings from(Config root, ModelSettings model) {
        Settings section = Settings.section(root, ClipSampling.PATH);
        ClipSampling sampling = ClipSampling.from(section, model.clipFrames(), model.clipHeight(), model.clipWidth());
        return from(section, sampling);
    }

    /** Reads and checks the settings in {@code section}, with the sampling already read. */
    public static VideoDataSettings from(Settings section, ClipSampling sampling) {
        DecoderOptions decoder = new DecoderOptions(section.getInt(DECODER_THREADS, 0, DecoderOptions.MOST_THREADS),
                section.getBoolean(SEEK));
        int minFrames = section.getInt(MIN_FRAMES, 1, MOST_MIN_FRAMES);
        List<String> extensions;
        try {
            extensions = section.config().getStringList(EXTENSIONS).stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        } catch (ConfigException.Missing e) {
            throw section.invalid(EXTENSIONS, "is not set");
        } catch (ConfigException e) {
            throw section.invalid(EXTENSIONS, "must be a list of file name endings, e.g. [mp4, webm]");
        }
        if (extensions.isEmpty() || !extensions.stream().allMatch(e -> EXTENSION.matcher(e).matches())) {
            throw section.invalid(EXTENSIONS, "must hold at least one ending of letters and digits, without the dot");
        }
        return new VideoDataSettings(sampling, decoder, minFrames, extensions);
    }

    /** Tells whether {@code fileName} ends with one of the extensions, in any case. */
    public boolean isVideoName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && extensions.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
