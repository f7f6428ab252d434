package dev.adamae.runner.cli;

import dev.adamae.runner.train.TrainingModule;
import dev.adamae.video.VideoSourceSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose the data: where it is, and how its videos are listed. */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "embedded|PATH",
            description = "The data: embedded, a folder of videos, a list file, or annotations (default: adamae.data.source).")
    String source;

    @Option(names = "--data-format", paramLabel = "FORMAT",
            description = "How --data lists its videos: auto (a folder or a list file), folder, list, ssv2, kinetics400 "
                    + "(default: adamae.data.format).")
    String format;

    /** Adds the settings these options set to {@code flags}. */
    void addTo(Map<String, Object> flags) {
        flags.put(TrainingModule.DATA_SOURCE_KEY, source);
        flags.put(VideoSourceSettings.PATH + "." + VideoSourceSettings.FORMAT, format);
    }

    /** Returns these options as arguments for a child process (a path made absolute), or none. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        if (source != null) {
            arguments.addAll(List.of("--data", TrainingModule.EMBEDDED.equals(source) ? source
                    : Path.of(source).toAbsolutePath().toString()));
        }
        if (format != null) {
            arguments.addAll(List.of("--data-format", format));
        }
        return arguments;
    }
}
