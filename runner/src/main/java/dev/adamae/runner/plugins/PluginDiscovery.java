package dev.adamae.runner.plugins;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.SpiVersion;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Finds masking strategies on the class path and in a plugins folder.
 *
 * <p>Each jar of the folder gets its own class loader, whose parent is the loader of the SPI:
 * a plugin sees the SPI and its own classes, not other plugins. A jar or factory that cannot be
 * used is reported as one line and skipped; the others still load.
 */
public final class PluginDiscovery {

    /** The source of the strategies found on the class path. */
    public static final String CLASSPATH = "classpath";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final String SERVICE_FILE = "META-INF/services/" + MaskingStrategyFactory.class.getName();

    private final ClassLoader hostLoader;

    /** Creates a discovery whose class path is that of the SPI's class loader. */
    public PluginDiscovery() {
        this(MaskingStrategyFactory.class.getClassLoader());
    }

    PluginDiscovery(ClassLoader hostLoader) {
        this.hostLoader = hostLoader;
    }

    /**
     * Discovers the strategies of the class path, then those of the jars in {@code pluginsDir}
     * (in name order); a missing folder holds no plugins.
     */
    public DiscoveredStrategies discover(Path pluginsDir) {
        Collector collector = new Collector();
        load(ServiceLoader.load(MaskingStrategyFactory.class, hostLoader), CLASSPATH, null, collector);
        Config reference = ConfigFactory.defaultReference(hostLoader);
        for (Path jar : jars(pluginsDir, collector)) {
            Optional<Config> jarReference = loadJar(jar, collector);
            if (jarReference.isPresent()) {
                reference = reference.withFallback(jarReference.get());
            }
        }
        return collector.result(reference.resolve());
    }

    private static List<Path> jars(Path dir, Collector collector) {
        if (dir == null || !Files.exists(dir)) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            collector.problem("Plugins folder " + dir + ": not a folder");
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            collector.problem("Plugins folder " + dir + ": cannot be read (" + e.getMessage() + ")");
            return List.of();
        }
    }

    /** Loads the factories of one jar; returns its reference.conf when any factory loaded. */
    private Optional<Config> loadJar(Path jar, Collector collector) {
        String source = jar.toString();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.getEntry(SERVICE_FILE) == null) {
                collector.problem("Plugin " + source + ": contains no masking strategy (no " + SERVICE_FILE + ")");
                return Optional.empty();
            }
        } catch (IOException e) {
            collector.problem("Plugin " + source + ": not a readable jar (" + e.getMessage() + ")");
            return Optional.empty();
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("plugin " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, hostLoader);
        } catch (MalformedURLException e) {
            collector.problem("Plugin " + source + ": " + e.getMessage());
            return Optional.empty();
        }
        int loaded = load(ServiceLoader.load(MaskingStrategyFactory.class, loader), source, loader, collector);
        if (loaded == 0) {
            return Optional.empty();
        }
        URL reference = loader.findResource("reference.conf");
        if (reference == null) {
            return Optional.of(ConfigFactory.empty());
        }
        try {
            return Optional.of(ConfigFactory.parseURL(reference,
                    ConfigParseOptions.defaults().setOriginDescription(source + "!/reference.conf")));
        } catch (ConfigException e) {
            collector.problem("Plugin " + source + ": its reference.conf cannot be read (" + e.getMessage() + ")");
            return Optional.of(ConfigFactory.empty());
        }
    }

    /**
     * Loads the factories a service loader finds; with {@code ownLoader}, only those defined by
     * that loader (the parent's are found again through delegation and must not count twice).
     */
    private static int load(ServiceLoader<MaskingStrategyFactory> serviceLoader, String source,
            ClassLoader ownLoader, Collector collector) {
        int loaded = 0;
        Iterator<ServiceLoader.Provider<MaskingStrategyFactory>> providers = serviceLoader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<MaskingStrategyFactory> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                collector.problem("Plugin " + source + ": " + rootMessage(e));
                continue;
            }
            try {
                if (ownLoader != null && provider.type().getClassLoader() != ownLoader) {
                    continue;
                }
                MaskingStrategyFactory factory = provider.get();
                if (admit(factory, source, collector)) {
                    collector.add(new DiscoveredStrategy(factory, source));
                    loaded++;
                }
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                collector.problem("Plugin " + source + ": " + rootMessage(e));
            }
        }
        return loaded;
    }

    private static boolean admit(MaskingStrategyFactory factory, String source, Collector collector) {
        String name = factory.name();
        String label = "Plugin " + source + " (" + factory.getClass().getName() + ")";
        if (name == null || !NAME.matcher(name).matches()) {
            collector.problem(label + ": strategy name '" + name
                    + "' is not lower-case letters, digits and hyphens starting with a letter");
            return false;
        }
        String version = factory.spiVersion();
        Optional<String> incompatibility = SpiVersion.incompatibility(version);
        if (incompatibility.isPresent()) {
            collector.problem("Plugin " + source + ": strategy '" + name + "' is refused: " + incompatibility.get());
            return false;
        }
        return true;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = error.getMessage();
        if (cause != error) {
            message = message + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return message;
    }

    /** Gathers strategies and problems, and sets aside names that two plugins claim. */
    private static final class Collector {
        private final Map<String, List<DiscoveredStrategy>> byName = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();

        void add(DiscoveredStrategy strategy) {
            byName.computeIfAbsent(strategy.name(), name -> new ArrayList<>()).add(strategy);
        }

        void problem(String line) {
            problems.add(line);
        }

        DiscoveredStrategies result(Config reference) {
            List<DiscoveredStrategy> unique = new ArrayList<>();
            Map<String, List<String>> ambiguous = new LinkedHashMap<>();
            byName.forEach((name, claimants) -> {
                List<DiscoveredStrategy> builtIn = claimants.stream()
                        .filter(strategy -> strategy.source().equals(CLASSPATH)).toList();
                if (claimants.size() == 1) {
                    unique.add(claimants.get(0));
                } else if (builtIn.size() == 1) {
                    // A plugin never shadows a built-in strategy: ours stays, the plugin's is refused.
                    unique.add(builtIn.get(0));
                    claimants.stream().filter(strategy -> strategy != builtIn.get(0)).forEach(strategy -> problems.add(
                            "Plugin " + strategy.source() + ": its masking strategy '" + name + "' has the name of a "
                                    + "built-in strategy (" + CLASSPATH + "), which is used instead; rename the plugin's"));
                } else {
                    List<String> sources = claimants.stream().map(DiscoveredStrategy::source).toList();
                    ambiguous.put(name, sources);
                    problems.add("Masking strategy '" + name + "' is defined by more than one plugin ("
                            + String.join(", ", sources) + "); none of them is used");
                }
            });
            return new DiscoveredStrategies(unique, problems, ambiguous, reference);
        }
    }
}
