package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.SpiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar compiled against SPI 1.1 (the documented example as it was built before SPI 1.2;
 * see src/test/resources/plugins-spi-1.1/README.md) still loads, draws masks and trains.
 */
class PluginBuiltForOlderSpiTest {

    private static final Path JAR = Path.of("src/test/resources/plugins-spi-1.1/masking-slice-balanced-1.0.0.jar");

    @TempDir
    Path work;

    Path plugins;

    @BeforeEach
    void dropTheOldJarIntoAPluginsFolder() throws Exception {
        plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(JAR, plugins.resolve(JAR.getFileName()));
    }

    @Test
    void theHostSpeaksANewerMinorVersionThanTheJar() {
        assertThat(SpiVersion.CURRENT).isNotEqualTo("1.1");
        assertThat(SpiVersion.incompatibility("1.1")).isEmpty();
    }

    @Test
    void itIsListedWithTheSpiVersionItWasBuiltFor() {
        CommandLineRun run = CommandLineRun.of("strategies", "--plugins", plugins.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).anySatisfy(line -> assertThat(line)
                .startsWith("slice-balanced ").contains(" 1.1 ").contains(JAR.getFileName().toString()));
    }

    @Test
    void itDrawsMasksAndTrains() {
        CommandLineRun masks = CommandLineRun.of("masks", "--plugins", plugins.toString(), "--strategy",
                "slice-balanced", "--preset", "test", "--json");
        assertThat(masks.exitCode()).as(masks.err()).isZero();
        assertThat(masks.out()).contains("\"strategy\":\"slice-balanced\"");

        Path out = work.resolve("run");
        CommandLineRun pretrain = CommandLineRun.of("pretrain", "--plugins", plugins.toString(), "--strategy",
                "slice-balanced", "--preset", "test", "--steps", "2", "--out", out.toString());
        assertThat(pretrain.exitCode()).as(pretrain.err()).isZero();
        assertThat(out.resolve("summary.json")).exists();
    }
}
