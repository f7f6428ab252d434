package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfCommandTest {

    @Test
    void perfAsJsonReportsTimingThroughputFlopsAndMemoryInOneObject() throws Exception {
        CommandLineRun run = CommandLineRun.of("perf", "--preset", "test", "--strategy", "tube", "--ratio", "0.75",
                "--batch", "2", "--steps", "3", "--warmup", "1", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().count()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        for (String field : new String[] {"ms_per_step_median", "clips_per_s", "gflops_per_s", "flops_per_step",
                "peak_rss_mb", "offheap_peak_mb", "matmul_peak_gflops_per_s"}) {
            assertThat(report.has(field)).as(field).isTrue();
        }
        double millis = report.get("ms_per_step_median").asDouble();
        assertThat(millis).isPositive();
        assertThat(report.get("clips_per_s").asDouble()).isCloseTo(2 * 1000 / millis,
                org.assertj.core.api.Assertions.within(0.05 * 2 * 1000 / millis));
        assertThat(report.get("gflops_per_s").asDouble()).isCloseTo(
                report.get("flops_per_step").asDouble() / millis / 1e6,
                org.assertj.core.api.Assertions.within(0.1 + 0.01 * report.get("gflops_per_s").asDouble()));
        assertThat(report.get("visible_tokens").asInt()).isEqualTo(2 * 4);
        assertThat(report.get("timed_steps").asInt()).isEqualTo(3);
    }

    @Test
    void perfWithOpsReportsTheSlowestOpTypesAndShapesOfTheTimedSteps() throws Exception {
        CommandLineRun run = CommandLineRun.of("perf", "--preset", "test", "--strategy", "tube", "--ratio", "0.75",
                "--batch", "2", "--steps", "2", "--warmup", "1", "--ops", "3", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("ops_ms_per_step").asDouble()).isPositive();
        JsonNode byType = report.get("ops_by_type");
        JsonNode byShape = report.get("ops_by_shape");
        assertThat(byType).hasSize(3);
        assertThat(byShape).hasSize(3);
        for (int i = 1; i < 3; i++) {
            assertThat(byType.get(i).get("ms_per_step").asDouble())
                    .isLessThanOrEqualTo(byType.get(i - 1).get("ms_per_step").asDouble());
        }
        assertThat(byShape.get(0).get("shape").asText()).startsWith("[");
        // The warm-up step is left out: every timed step runs each op the same number of times.
        for (JsonNode row : byType) {
            double calls = row.get("calls_per_step").asDouble();
            assertThat(calls).as(row.toString()).isPositive().isEqualTo(Math.rint(calls));
        }
    }

    @Test
    void perfComparesStrategiesEachInItsOwnProcessSideBySide() {
        CommandLineRun run = CommandLineRun.of("perf", "--preset", "test", "--batch", "1", "--steps", "1",
                "--warmup", "0", "--compare", "tube:0.75,random-patch:0.5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("strategy").contains("ms_per_step_median", "peak_rss_mb");
        assertThat(lines.get(1).split("\\s+")).startsWith("tube", "0.75");
        assertThat(lines.get(2).split("\\s+")).startsWith("random-patch", "0.5");
        // Visible tokens differ as the ratios do: 2 x 4 - 2 x 3 positions, and 32 - 16 tokens.
        assertThat(lines.get(0).split("\\s+")[5]).isEqualTo("visible_tokens");
        assertThat(lines.get(1).split("\\s+")[6]).isEqualTo("8");
        assertThat(lines.get(2).split("\\s+")[6]).isEqualTo("16");
        // Each run's time against the first run's: the first is its own yardstick.
        assertThat(lines.get(0).split("\\s+")[2]).isEqualTo("vs_first");
        assertThat(lines.get(1).split("\\s+")[3]).isEqualTo("1.0");
        double ms = Double.parseDouble(lines.get(2).split("\\s+")[2]);
        double firstMs = Double.parseDouble(lines.get(1).split("\\s+")[2]);
        assertThat(Double.parseDouble(lines.get(2).split("\\s+")[3])).isCloseTo(ms / firstMs, within(0.002));
    }

    @Test
    void roundsMeasureEveryRunOncePerRoundInAlternatingOrderAndReportMedians() throws Exception {
        CommandLineRun run = CommandLineRun.of("perf", "--preset", "test", "--batch", "1", "--steps", "1",
                "--warmup", "0", "--compare", "tube:0.75,random-patch:0.5", "--rounds", "3", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // A B, then B A, then A B: drift falls on both runs alike.
        assertThat(run.err().lines().filter(line -> line.startsWith("perf: measuring")).toList()).containsExactly(
                "perf: measuring tube at ratio 0.75 (round 1 of 3)",
                "perf: measuring random-patch at ratio 0.5 (round 1 of 3)",
                "perf: measuring random-patch at ratio 0.5 (round 2 of 3)",
                "perf: measuring tube at ratio 0.75 (round 2 of 3)",
                "perf: measuring tube at ratio 0.75 (round 3 of 3)",
                "perf: measuring random-patch at ratio 0.5 (round 3 of 3)");
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("rounds").asInt()).isEqualTo(3);
        JsonNode first = report.get("runs").get(0);
        JsonNode second = report.get("runs").get(1);
        assertThat(first.get("vs_first").asDouble()).isEqualTo(1.0);
        List<Double> times = new ArrayList<>();
        first.get("ms_per_step_by_round").forEach(value -> times.add(value.asDouble()));
        assertThat(times).hasSize(3);
        assertThat(first.get("ms_per_step_median").asDouble()).isCloseTo(times.stream().sorted().toList().get(1),
                within(0.05));
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            ratios.add(second.get("ms_per_step_by_round").get(round).asDouble()
                    / first.get("ms_per_step_by_round").get(round).asDouble());
        }
        assertThat(second.get("vs_first").asDouble()).isCloseTo(ratios.stream().sorted().toList().get(1),
                within(0.001));
        assertThat(second.get("visible_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void roundsWithoutAComparisonOrBelowOneAreRefused() {
        CommandLineRun alone = CommandLineRun.of("perf", "--preset", "test", "--rounds", "3");
        assertThat(alone.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(alone.err()).contains("--rounds applies to --compare only");
        CommandLineRun none = CommandLineRun.of("perf", "--preset", "test", "--compare", "tube:0.9", "--rounds", "0");
        assertThat(none.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(none.err()).contains("--rounds must be at least 1, got 0");
    }

    @Test
    void aComparisonEntryWithoutARatioIsRefused() {
        CommandLineRun run = CommandLineRun.of("perf", "--preset", "test", "--compare", "tube");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("--compare tube: expected strategy:ratio");
    }

    @Test
    void perfRefusesZeroTimedSteps() {
        CommandLineRun run = CommandLineRun.of("perf", "--preset", "test", "--steps", "0");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("--steps must be at least 1");
    }
}
