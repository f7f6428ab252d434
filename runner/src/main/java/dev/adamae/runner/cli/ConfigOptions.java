package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every job shares: preset, experiment files, single settings and plugins folder. */
public final class ConfigOptions {

    @Option(names = "--preset", paramLabel = "PRESET",
            description = "Model preset: test, tiny, bench, small, base, or a .conf file (default: adamae.preset).")
    String preset;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Experiment file (HOCON) laid over the preset; repeatable, later files win.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Sets one setting, e.g. --set adamae.masking.ratio=0.8; repeatable, wins over files.")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Folder of masking-strategy plugin jars (default: adamae.plugins.dir).")
    Path pluginsDir;

    /** Returns the configuration request of these options plus the given flag values (nulls dropped). */
    public ConfigRequest request(Map<String, Object> flags) {
        return request(flags, ConfigFactory.empty());
    }

    /**
     * Returns the configuration request of these options plus the given flag values (nulls
     * dropped), over the settings of the earlier run the job looks at.
     */
    public ConfigRequest request(Map<String, Object> flags, Config run) {
        Map<String, Object> all = new LinkedHashMap<>();
        flags.forEach((key, value) -> {
            if (value != null) {
                all.put(key, value);
            }
        });
        if (pluginsDir != null) {
            if (!Files.isDirectory(pluginsDir)) {
                throw new UsageException("Plugins folder " + pluginsDir + " (--plugins): "
                        + (Files.exists(pluginsDir) ? "not a folder" : "no such folder"));
            }
            all.put(ConfigLoader.PLUGINS_DIR_KEY, pluginsDir.toAbsolutePath().toString());
        }
        return new ConfigRequest(preset, files, assignments, all, run);
    }

    /**
     * Returns these options as command-line arguments, with paths made absolute, for a child
     * process that must see the same configuration.
     */
    public List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        if (preset != null) {
            arguments.addAll(List.of("--preset", preset.endsWith(".conf") ? Path.of(preset).toAbsolutePath().toString()
                    : preset));
        }
        files.forEach(file -> arguments.addAll(List.of("--config", file.toAbsolutePath().toString())));
        assignments.forEach(assignment -> arguments.addAll(List.of("--set", assignment)));
        if (pluginsDir != null) {
            arguments.addAll(List.of("--plugins", pluginsDir.toAbsolutePath().toString()));
        }
        return arguments;
    }
}
