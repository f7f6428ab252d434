package dev.adamae.runner.cli;

import dev.adamae.runner.train.EvaluationSettings;
import dev.adamae.runner.train.TrainingModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of the commands that train and test a classifier: training clips, test clips, test views. */
public final class LabelledDataOptions {

    @Option(names = "--data", paramLabel = "embedded|PATH", description = "Labelled training clips (default: adamae.data.source).")
    String data;

    @Option(names = "--val-data", paramLabel = "embedded|PATH",
            description = "Labelled validation and test clips (default: adamae.data.validation.source).")
    String validationData;

    @Option(names = "--views", paramLabel = "TxS",
            description = "Views of the test: temporal clips x spatial crops, e.g. 2x3 (default: adamae.evaluation).")
    String views;

    /** Adds the settings these options set to {@code flags}. */
    void addTo(Map<String, Object> flags) {
        flags.put(TrainingModule.DATA_SOURCE_KEY, data);
        flags.put(TrainingModule.VALIDATION_PATH + ".source", validationData);
        flags.putAll(EvaluationSettings.viewFlags(views));
    }

    /** Returns {@code --data} as arguments for a child process (a path made absolute), or none. */
    List<String> trainingArguments() {
        return data == null ? List.of() : List.of("--data", absoluteUnlessEmbedded(data));
    }

    /** Returns {@code --val-data} and {@code --views} as arguments for a child process, or none. */
    List<String> testArguments() {
        List<String> arguments = new ArrayList<>();
        if (validationData != null) {
            arguments.addAll(List.of("--val-data", absoluteUnlessEmbedded(validationData)));
        }
        if (views != null) {
            arguments.addAll(List.of("--views", views));
        }
        return arguments;
    }

    private static String absoluteUnlessEmbedded(String source) {
        return TrainingModule.EMBEDDED.equals(source) ? source : Path.of(source).toAbsolutePath().toString();
    }
}
