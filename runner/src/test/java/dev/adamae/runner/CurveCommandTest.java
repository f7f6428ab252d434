package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveCommandTest {

    @TempDir
    Path run;

    @Test
    void theCurveAveragesEachWindowOfSteps() throws Exception {
        Files.write(run.resolve("metrics.jsonl"), List.of(
                "{\"step\":1,\"loss\":4.0,\"loss_rec\":4.0,\"ms\":10.0,\"fg_enrichment_p\":1.0}",
                "{\"step\":2,\"loss\":2.0,\"loss_rec\":2.0,\"ms\":30.0,\"fg_enrichment_p\":2.0}",
                "{\"step\":3,\"loss\":1.0,\"loss_rec\":1.0,\"ms\":20.0,\"fg_enrichment_p\":3.0}"));
        CommandLineRun curve = CommandLineRun.of("curve", "--run", run.toString(), "--window", "2");
        assertThat(curve.exitCode()).as(curve.err()).isZero();
        List<String> lines = curve.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("steps", "loss", "loss_rec", "fg_enrichment_p", "ms");
        assertThat(lines.get(1).split("\\s+")).containsExactly("1-2", "3.0000", "3.0000", "1.5000", "20.0000");
        assertThat(lines.get(2).split("\\s+")).containsExactly("3-3", "1.0000", "1.0000", "3.0000", "20.0000");
    }

    @Test
    void aFolderWithoutMetricsIsRefusedNamingIt() {
        CommandLineRun curve = CommandLineRun.of("curve", "--run", run.resolve("absent").toString());
        assertThat(curve.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(curve.err()).contains("absent").contains("no metrics.jsonl");
    }
}
