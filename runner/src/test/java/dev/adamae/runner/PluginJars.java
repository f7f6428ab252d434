package dev.adamae.runner;

import com.typesafe.config.Config;
import dev.adamae.api.MaskingStrategyFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.nd4j.autodiff.samediff.SDVariable;

/** Compiles plugin sources against the SPI, as a third party would, and packs them into a jar. */
final class PluginJars {

    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (class name to source text) and packs them, with
     * {@code resources} (jar path to text), into {@code jar}.
     */
    static Path build(Path jar, Map<String, String> sources, Map<String, String> resources) {
        try {
            Path sourceRoot = Files.createTempDirectory(jar.getParent(), "src");
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
            }
            Path resourceRoot = Files.createTempDirectory(jar.getParent(), "resources");
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                Path file = resourceRoot.resolve(resource.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, resource.getValue());
            }
            return buildTree(jar, sourceRoot, resourceRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles every source under {@code sourceRoot} and packs it, with {@code resourceRoot}, into {@code jar}. */
    static Path buildTree(Path jar, Path sourceRoot, Path resourceRoot) {
        try {
            Path classes = Files.createTempDirectory(jar.getParent(), "classes");
            List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", spiClassPath(),
                    "--release", "17", "-proc:none"));
            try (Stream<Path> files = Files.walk(sourceRoot)) {
                files.filter(path -> path.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int status = compiler.run(null, OutputStream.nullOutputStream(), diagnostics,
                    arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("Plugin sources do not compile: "
                        + diagnostics.toString(StandardCharsets.UTF_8));
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                add(out, classes);
                if (resourceRoot != null && Files.isDirectory(resourceRoot)) {
                    add(out, resourceRoot);
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(JarOutputStream out, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** The class path a plugin compiles against: the SPI and the types its signatures name. */
    private static String spiClassPath() {
        return Stream.of(MaskingStrategyFactory.class, Config.class, SDVariable.class)
                .map(PluginJars::location)
                .reduce((a, b) -> a + java.io.File.pathSeparator + b)
                .orElseThrow();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the source of a factory named {@code name} in {@code className}, reporting {@code spiVersion}. */
    static String factorySource(String className, String name, String spiVersionExpression) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                import dev.adamae.api.*;

                public final class %s implements MaskingStrategyFactory {
                    public String name() { return "%s"; }
                    public String description() { return "Keeps the first tokens of every clip (test plugin)"; }
                    public String spiVersion() { return %s; }
                    public MaskingStrategy create(Settings settings) {
                        double defaultRatio = settings.getRatio("default-ratio");
                        return new MaskingStrategy() {
                            public double defaultRatio() { return defaultRatio; }
                            public int visibleCount(TokenGrid grid, double ratio) {
                                return MaskRatio.checkVisible(MaskRatio.keptOf(grid.tokenCount(), ratio), grid, ratio, "tokens");
                            }
                            public TokenMask sample(MaskRequest request) {
                                int visible = visibleCount(request.grid(), request.ratio());
                                return TokenMask.ofClips(request.grid(), request.batchSize(),
                                        clip -> java.util.stream.IntStream.range(0, visible).toArray());
                            }
                        };
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), name, spiVersionExpression);
    }

    /**
     * Builds a plugin jar of one factory, {@code className}, named {@code name}, whose
     * {@code create(Settings settings)} has the body {@code createBody} (the SPI's types imported).
     */
    static Path buildFactory(Path jar, String className, String name, String description, String createBody) {
        int dot = className.lastIndexOf('.');
        String source = """
                package %s;

                import dev.adamae.api.*;

                public final class %s implements MaskingStrategyFactory {
                    public String name() { return "%s"; }
                    public String description() { return "%s"; }
                    public String spiVersion() { return SpiVersion.CURRENT; }
                    public MaskingStrategy create(Settings settings) {
                %s
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), name, description, createBody);
        return build(jar, Map.of(className, source),
                Map.of("META-INF/services/" + MaskingStrategyFactory.class.getName(), className + "\n"));
    }

    /** Returns the services file line and reference.conf of a plugin. */
    static Map<String, String> pluginResources(String className, String name) {
        return Map.of(
                "META-INF/services/" + MaskingStrategyFactory.class.getName(), className + "\n",
                "reference.conf", "adamae.masking.strategies." + name + " { default-ratio = 0.5 }\n");
    }
}
