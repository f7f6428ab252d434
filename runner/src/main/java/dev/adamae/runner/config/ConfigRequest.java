package dev.adamae.runner.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the command line asks of the configuration, from the lowest layer to the highest:
 * the preset, the configuration of an earlier run the job looks at, experiment files in order,
 * {@code --set} assignments in order, then the values of dedicated flags such as {@code --strategy}.
 *
 * @param preset the preset name or file, or {@code null} to keep the configured one
 * @param files experiment files ({@code --config}), later ones winning
 * @param assignments {@code key=value} assignments ({@code --set}), later ones winning
 * @param flags values of dedicated flags, by full key; {@code null} values are left out
 * @param run the settings of the run a job looks at (e.g. the {@code config.conf} of a
 *     checkpoint's run), above the preset and below everything the user gives; empty for most jobs
 */
public record ConfigRequest(String preset, List<Path> files, List<String> assignments, Map<String, Object> flags,
        Config run) {

    public ConfigRequest {
        files = List.copyOf(files);
        assignments = List.copyOf(assignments);
        flags = Map.copyOf(flags);
        run = run == null ? ConfigFactory.empty() : run;
    }

    /** Creates a request without a run's settings. */
    public ConfigRequest(String preset, List<Path> files, List<String> assignments, Map<String, Object> flags) {
        this(preset, files, assignments, flags, ConfigFactory.empty());
    }

    /** Returns a request that changes nothing: defaults and the default preset. */
    public static ConfigRequest defaults() {
        return new ConfigRequest(null, List.of(), List.of(), Map.of());
    }
}
