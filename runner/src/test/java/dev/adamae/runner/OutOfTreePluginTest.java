package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/writing-a-masking-strategy.md, compiled from its sources into a
 * jar, dropped into a plugins folder and used by name, with no rebuild of the host.
 */
class OutOfTreePluginTest {

    private static final Path EXAMPLE = Path.of("../docs/examples/masking-slice-balanced");

    @TempDir
    Path work;

    Path plugins;
    Path jar;

    @BeforeEach
    void buildTheExamplePlugin() throws Exception {
        plugins = Files.createDirectories(work.resolve("plugins"));
        Path build = Files.createDirectories(work.resolve("build"));
        jar = PluginJars.buildTree(build.resolve("masking-slice-balanced-1.0.0.jar"),
                EXAMPLE.resolve("src/main/java"), EXAMPLE.resolve("src/main/resources"));
        jar = Files.move(jar, plugins.resolve(jar.getFileName()));
    }

    @Test
    void theDroppedInPluginIsListedWithItsJar() {
        CommandLineRun run = CommandLineRun.of("strategies", "--plugins", plugins.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines()).anySatisfy(line -> assertThat(line)
                .startsWith("slice-balanced ").contains(jar.toAbsolutePath().toString())
                .contains("same number of random tokens"));
    }

    @Test
    void theDroppedInPluginIsFoundInThePluginsFolderOfTheInstallation() throws Exception {
        Path home = Files.createDirectories(work.resolve("install"));
        Files.move(plugins, home.resolve("plugins"));
        CommandLineRun run = CommandLineRun.in(home, "strategies");
        assertThat(run.out()).contains("slice-balanced");
    }

    @Test
    void theDroppedInPluginDrawsMasksByName() throws Exception {
        CommandLineRun run = CommandLineRun.of("masks", "--plugins", plugins.toString(), "--strategy",
                "slice-balanced", "--preset", "tiny", "--batch", "2", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode document = new ObjectMapper().readTree(run.out());
        assertThat(document.get("ratio").asDouble()).isEqualTo(0.9);
        for (JsonNode clip : document.get("visible")) {
            int[] perSlice = new int[8];
            clip.forEach(index -> perSlice[index.asInt() / 64]++);
            // 64 tokens a slice, floor(64 x 0.9) = 57 hidden: 7 visible in every slice.
            assertThat(perSlice).containsOnly(7);
        }
    }

    @Test
    void thePluginsOwnSettingsAreKnownAndChecked() {
        CommandLineRun accepted = CommandLineRun.of("masks", "--plugins", plugins.toString(), "--strategy",
                "slice-balanced", "--preset", "test", "--json",
                "--set", "adamae.masking.strategies.slice-balanced.default-ratio=0.5");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(accepted.out()).contains("\"ratio\":0.5");

        CommandLineRun refused = CommandLineRun.of("masks", "--plugins", plugins.toString(), "--strategy",
                "slice-balanced", "--set", "adamae.masking.strategies.slice-balanced.default-ratio=2");
        assertThat(refused.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(refused.err()).startsWith(
                "adamae: Invalid setting adamae.masking.strategies.slice-balanced.default-ratio = 2");
    }

    @Test
    void aBrokenJarBesideItIsReportedAndTheGoodPluginStillWorks() throws Exception {
        Files.writeString(plugins.resolve("broken.jar"), "not a jar");
        CommandLineRun run = CommandLineRun.of("strategies", "--plugins", plugins.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("adamae: warning: Plugin ").contains("broken.jar").contains("not a readable jar");
        assertThat(run.out()).contains("slice-balanced");
    }

    @Test
    void aFactoryThatFailsToCreateItsStrategyIsOneLineNamingTheJarTheStrategyAndTheCause(@TempDir Path own)
            throws Exception {
        Path folder = Files.createDirectories(own.resolve("plugins"));
        Path jar = PluginJars.buildFactory(own.resolve("masking-faulty.jar"), "org.example.faulty.FaultyFactory",
                "faulty", "Fails when asked for its strategy", """
                        throw new IllegalStateException("no strategy today");
                """);
        Path installed = Files.move(jar, folder.resolve(jar.getFileName()));
        Path out = own.resolve("run");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--plugins", folder.toString(),
                "--strategy", "faulty", "--steps", "1", "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .isEqualTo("adamae: Masking strategy 'faulty' from " + installed
                        + " failed to create its strategy: IllegalStateException: no strategy today");
        assertThat(out).doesNotExist();
    }

    @Test
    void aStrategyThatDrawsAnotherVisibleCountThanItDeclaresIsNamedWithBothCountsByMasksAndPretrain(
            @TempDir Path own) throws Exception {
        Path folder = Files.createDirectories(own.resolve("plugins"));
        Path jar = PluginJars.buildFactory(own.resolve("masking-short.jar"), "org.example.shortby.ShortFactory",
                "short-by-one", "Reveals one token fewer than it declares", """
                        return new MaskingStrategy() {
                            public double defaultRatio() { return 0.5; }
                            public int visibleCount(TokenGrid grid, double ratio) {
                                return grid.tokenCount() - MaskRatio.hiddenOf(grid.tokenCount(), ratio);
                            }
                            public TokenMask sample(MaskRequest request) {
                                int visible = visibleCount(request.grid(), request.ratio()) - 1;
                                return TokenMask.ofClips(request.grid(), request.batchSize(),
                                        clip -> java.util.stream.IntStream.range(0, visible).toArray());
                            }
                        };
                """);
        Files.move(jar, folder.resolve(jar.getFileName()));
        String expected = "adamae: Masking strategy 'short-by-one' returned 15 visible tokens per clip, but its "
                + "visibleCount declared 16 for this grid and ratio";
        CommandLineRun masks = CommandLineRun.of("masks", "--preset", "test", "--plugins", folder.toString(),
                "--strategy", "short-by-one");
        assertThat(masks.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(masks.err().lines().toList()).singleElement().isEqualTo(expected);
        CommandLineRun pretrain = CommandLineRun.of("pretrain", "--preset", "test", "--plugins", folder.toString(),
                "--strategy", "short-by-one", "--steps", "2", "--out", own.resolve("run").toString());
        assertThat(pretrain.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(pretrain.err()).contains(expected).doesNotContain("\tat ");
    }

    @Test
    void aStrategyThatNeedsTheClipsButDoesNotSaySoIsReportedInOneLineByMasksAndPretrain(@TempDir Path own)
            throws Exception {
        Path folder = Files.createDirectories(own.resolve("plugins"));
        Path jar = PluginJars.buildFactory(own.resolve("masking-unsaid.jar"), "org.example.unsaid.UnsaidFactory",
                "unsaid", "Reads the clips without declaring needsContent", """
                        return new MaskingStrategy() {
                            public double defaultRatio() { return 0.5; }
                            public int visibleCount(TokenGrid grid, double ratio) {
                                return grid.tokenCount() - MaskRatio.hiddenOf(grid.tokenCount(), ratio);
                            }
                            public TokenMask sample(MaskRequest request) {
                                request.requireContent("unsaid");
                                int visible = visibleCount(request.grid(), request.ratio());
                                return TokenMask.ofClips(request.grid(), request.batchSize(),
                                        clip -> java.util.stream.IntStream.range(0, visible).toArray());
                            }
                        };
                """);
        Files.move(jar, folder.resolve(jar.getFileName()));
        String expected = "adamae: Masking strategy 'unsaid' looks at the clips it masks, and this request carries no "
                + "clip content; give it a clip";
        CommandLineRun masks = CommandLineRun.of("masks", "--preset", "test", "--plugins", folder.toString(),
                "--strategy", "unsaid");
        assertThat(masks.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(masks.err().lines().toList()).singleElement().isEqualTo(expected);
        CommandLineRun pretrain = CommandLineRun.of("pretrain", "--preset", "test", "--plugins", folder.toString(),
                "--strategy", "unsaid", "--steps", "1", "--out", own.resolve("run").toString());
        assertThat(pretrain.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(pretrain.err()).contains(expected).doesNotContain("\tat ");
    }
}
