package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The effective ratio beside the requested one in a benchmark's tables: tube at 0.9 on the test
 * preset's 2x4x4 grid rounds to whole tokens and hides less than 0.9.
 */
class BenchEffectiveRatioTest {

    @TempDir
    Path work;

    private static String[] benchArgs(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--preset", "test", "--runs", "tube:0.9",
                "--seeds", "1", "--pretrain-steps", "1", "--eval", "none", "--out", out.toString(),
                "--set", "adamae.train.batch-size=2", "--set", "adamae.data.moving-sprites.clips=8",
                "--set", "adamae.bench.threads-per-phase=1"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void theTablesShowTheRatioTheStrategyReallyHidesAndABenchmarkStartedWithoutItResumes() throws IOException {
        CommandLineRun masks = CommandLineRun.of("masks", "--preset", "test", "--strategy", "tube", "--ratio", "0.9",
                "--json");
        assertThat(masks.exitCode()).as(masks.err()).isZero();
        double effective = new ObjectMapper().readTree(masks.out()).get("effective_ratio").asDouble();
        assertThat(effective).isLessThan(0.9);

        Path bench = work.resolve("bench");
        CommandLineRun run = CommandLineRun.of(benchArgs(bench));
        assertThat(run.exitCode()).as(run.err()).isZero();

        Map<String, String> row = BenchCommandTest.csvRows(bench.resolve("results.csv")).get("tube/1");
        assertThat(row.get("ratio")).isEqualTo("0.9");
        assertThat(Double.parseDouble(row.get("effective_ratio"))).isEqualTo(effective);
        JsonNode results = new ObjectMapper().readTree(bench.resolve("results.json").toFile());
        assertThat(results.get("runs").get(0).get("effective_ratio").asDouble()).isEqualTo(effective);
        JsonNode summary = results.get("summary");
        assertThat(summary.get(summary.size() - 1).get("effective_ratio").asDouble()).isEqualTo(effective);
        assertThat(Files.readString(bench.resolve("results.md")))
                .contains("| Strategy | Ratio | Effective ratio | Seeds |")
                .contains(String.format(java.util.Locale.ROOT, "| tube | 0.9 | %.3f | 1 |", effective));

        // The plan holds no effective ratio: a benchmark whose results were written before there
        // was one resumes, and its tables gain the column.
        assertThat(Files.readString(bench.resolve("bench.json"))).doesNotContain("effective");
        Files.writeString(bench.resolve("results.csv"), "strategy,ratio,seed\n");
        CommandLineRun resumed = CommandLineRun.of(benchArgs(bench, "--resume"));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("tube 0.9 seed 1: finished earlier");
        assertThat(Double.parseDouble(BenchCommandTest.csvRows(bench.resolve("results.csv")).get("tube/1")
                .get("effective_ratio"))).isEqualTo(effective);
    }
}
