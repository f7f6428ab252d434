package dev.adamae.runner.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.runner.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the configuration of a run, layer over layer, and checks it before anything runs.
 *
 * <p>From the highest layer to the lowest: dedicated flags, {@code --set} assignments,
 * experiment files ({@code --config}, the last one highest), the settings of an earlier run the
 * job looks at (a checkpoint's run, for {@code visualize}), the preset
 * ({@code conf/presets/<name>.conf}), then every module's and plugin's {@code reference.conf}.
 */
public final class ConfigLoader {

    /** The key that names the preset. */
    public static final String PRESET_KEY = "adamae.preset";

    /** The key that names the plugins folder. */
    public static final String PLUGINS_DIR_KEY = "adamae.plugins.dir";

    private static final String PRESETS_RESOURCE = "conf/presets";
    private static final Pattern PRESET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Path home;

    /**
     * Creates a loader.
     *
     * @param home the installation folder, whose {@code conf/presets} is searched before the
     *     presets packaged in the runner; {@code null} when unknown
     */
    public ConfigLoader(Path home) {
        this.home = home;
    }

    /**
     * Returns the layers the user gave, flags (the preset's too) over assignments over experiment
     * files, over the settings of the run the job looks at.
     */
    public Config userLayers(ConfigRequest request) {
        Config layers = ConfigFactory.parseMap(request.flags(), "command line");
        if (request.preset() != null) {
            layers = ConfigFactory.parseMap(Map.of(PRESET_KEY, request.preset()), "--preset").withFallback(layers);
        }
        for (int i = request.assignments().size() - 1; i >= 0; i--) {
            layers = layers.withFallback(parseAssignment(request.assignments().get(i)));
        }
        for (int i = request.files().size() - 1; i >= 0; i--) {
            layers = layers.withFallback(parseFile(request.files().get(i)));
        }
        return layers.withFallback(request.run());
    }

    /** Returns the plugins folder the request and the reference settings point to. */
    public Path pluginsDir(ConfigRequest request, Config reference) {
        Config config = resolve(userLayers(request).withFallback(reference));
        Path dir = Path.of(new SettingsView(config).string(PLUGINS_DIR_KEY));
        return dir.isAbsolute() || home == null ? dir : home.resolve(dir);
    }

    /**
     * Returns the checked configuration of a run.
     *
     * @param reference every {@code reference.conf} of the modules and plugins, merged
     * @throws UsageException or {@link InvalidSettingException} naming the key, value and file
     */
    public Config load(ConfigRequest request, Config reference) {
        Config user = userLayers(request);
        String preset = new SettingsView(resolve(user.withFallback(reference))).string(PRESET_KEY);
        Config config = resolve(user.withFallback(loadPreset(preset)).withFallback(reference));
        ConfigValidator.validate(config, reference);
        return config;
    }

    /** Returns the names of the presets this installation has. */
    public List<String> presetNames() {
        TreeSet<String> names = new TreeSet<>();
        if (home != null) {
            names.addAll(confFileNames(home.resolve(PRESETS_RESOURCE)));
        }
        URL packaged = ConfigLoader.class.getClassLoader().getResource(PRESETS_RESOURCE);
        if (packaged != null) {
            names.addAll(packagedNames(packaged));
        }
        return List.copyOf(names);
    }

    private Config loadPreset(String preset) {
        if (PRESET_NAME.matcher(preset).matches()) {
            if (home != null) {
                Path file = home.resolve(PRESETS_RESOURCE).resolve(preset + ".conf");
                if (Files.isRegularFile(file)) {
                    return parseFile(file);
                }
            }
            URL packaged = ConfigLoader.class.getClassLoader().getResource(PRESETS_RESOURCE + "/" + preset + ".conf");
            if (packaged != null) {
                return ConfigFactory.parseURL(packaged,
                        ConfigParseOptions.defaults().setOriginDescription("preset " + preset));
            }
        }
        Path file = Path.of(preset);
        if (Files.isRegularFile(file)) {
            return parseFile(file);
        }
        throw new UsageException("Unknown preset '" + preset + "': known presets are " + presetNames()
                + ", or give the path of a .conf file");
    }

    private static Config parseFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("Config file " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException("Config file " + file + ": not readable");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false).setOriginDescription(file.toString()));
        } catch (ConfigException e) {
            throw new UsageException("Config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Config parseAssignment(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new UsageException("--set " + assignment + ": expected key=value");
        }
        String key = assignment.substring(0, equals).trim();
        String value = assignment.substring(equals + 1).trim();
        ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription("--set " + assignment);
        try {
            return ConfigFactory.parseString(key + " = " + value, origin);
        } catch (ConfigException e) {
            // Not HOCON: take the value as a plain string, e.g. a path with spaces.
            try {
                return ConfigFactory.empty("--set " + assignment)
                        .withValue(key, ConfigValueFactory.fromAnyRef(value, "--set " + assignment));
            } catch (ConfigException invalidKey) {
                throw new UsageException("--set " + assignment + ": " + invalidKey.getMessage(), invalidKey);
            }
        }
    }

    private static Config resolve(Config config) {
        try {
            return config.resolve();
        } catch (ConfigException e) {
            throw new UsageException("Configuration: " + e.getMessage(), e);
        }
    }

    private static List<String> confFileNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".conf"))
                    .map(name -> name.substring(0, name.length() - ".conf".length()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> packagedNames(URL url) {
        try {
            if ("jar".equals(url.getProtocol())) {
                try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    return confFileNames(jar.getPath(PRESETS_RESOURCE));
                }
            }
            return confFileNames(Path.of(url.toURI()));
        } catch (IOException | URISyntaxException | java.nio.file.FileSystemAlreadyExistsException e) {
            return List.of();
        }
    }

    /** Reads a few runner keys before the full check, with the same messages as a check. */
    private record SettingsView(Config config) {
        String string(String key) {
            try {
                return config.getString(key);
            } catch (ConfigException.Missing | ConfigException.WrongType e) {
                String origin = Optional.ofNullable(config.hasPath(key) ? config.getValue(key) : null)
                        .map(value -> value.origin().description()).orElse(null);
                throw new InvalidSettingException(key, null, origin, "must be a string");
            }
        }
    }
}
