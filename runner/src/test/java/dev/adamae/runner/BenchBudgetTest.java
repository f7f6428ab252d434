package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adamae bench --budget}: equal cost instead of equal steps, turned into a fixed number of
 * steps per strategy before any run starts and recorded in the plan.
 */
class BenchBudgetTest {

    @TempDir
    Path work;

    private static List<String> bench(Path out, String runs, String budget, String... extra) {
        List<String> args = new ArrayList<>(List.of("bench", "--preset", "test", "--runs", runs, "--seeds", "1",
                "--eval", "none", "--budget", budget, "--out", out.toString(), "--set", "adamae.train.batch-size=2",
                "--set", "adamae.train.warmup-steps=1", "--set", "adamae.data.moving-sprites.clips=16"));
        args.addAll(List.of(extra));
        return args;
    }

    private static CommandLineRun run(List<String> args) {
        return CommandLineRun.of(args.toArray(String[]::new));
    }

    @Test
    void aGflopBudgetGivesEachStrategyTheStepsItBuysAtItsOwnCostPerStep() throws IOException {
        Path out = work.resolve("gflop");
        CommandLineRun run = run(bench(out, "tube:0.75,random-patch:0.5", "0.1gflop"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertThat(plan.get("budget").asText()).isEqualTo("0.1gflop");
        assertThat(plan.get("pretrain_steps").isNull()).isTrue();
        List<Integer> steps = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        for (JsonNode item : plan.get("steps")) {
            double perStep = item.get("gflop_per_step").asDouble();
            int planned = item.get("steps").asInt();
            assertThat(planned).as(item.toString()).isEqualTo((int) Math.floor(0.1 / perStep)).isPositive();
            steps.add(planned);
            costs.add(perStep);
        }
        // Half the tokens visible cost more per step than a quarter: fewer steps for the same budget.
        assertThat(steps.get(1)).isLessThan(steps.get(0));
        var rows = BenchCommandTest.csvRows(out.resolve("results.csv"));
        assertThat(Files.readAllLines(out.resolve("runs/tube-0.75-s1/pretrain/metrics.jsonl"))).hasSize(steps.get(0));
        assertThat(Integer.parseInt(rows.get("random-patch/1").get("pretrain_steps"))).isEqualTo(steps.get(1));
        List<String> keys = List.of("tube/1", "random-patch/1");
        for (int i = 0; i < keys.size(); i++) {
            assertThat(Double.parseDouble(rows.get(keys.get(i)).get("pretrain_gflop"))).as(keys.get(i))
                    .isCloseTo(steps.get(i) * costs.get(i), org.assertj.core.api.Assertions.within(1e-4))
                    .isBetween(0.1 - costs.get(i), 0.1);
        }
        assertThat(run.err()).contains("pre-training steps for 0.1gflop");
    }

    @Test
    void aBudgetInMinutesTimesEachStrategyFirstAndAResumedBenchKeepsTheStepsItRecorded() throws IOException {
        Path out = work.resolve("minutes");
        List<String> args = bench(out, "tube:0.75", "0.02min", "--set", "adamae.bench.timing.warmup=1", "--set",
                "adamae.bench.timing.steps=2");
        CommandLineRun run = run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("bench: timing tube:0.75 for the 0.02min budget");
        JsonNode item = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("steps").get(0);
        double seconds = item.get("seconds_per_step").asDouble();
        assertThat(seconds).isPositive();
        assertThat(item.get("steps").asInt()).isEqualTo((int) Math.floor(0.02 * 60 / seconds));
        assertThat(out.resolve("timing/tube_0.75.json")).exists();
        JsonNode timed = new ObjectMapper().readTree(out.resolve("timing/tube_0.75.json").toFile());
        assertThat(timed.get("timed_steps").asInt()).isEqualTo(2);
        assertThat(Files.readAllLines(out.resolve("runs/tube-0.75-s1/pretrain/metrics.jsonl")))
                .hasSize(item.get("steps").asInt());

        List<String> again = new ArrayList<>(args);
        again.add("--resume");
        CommandLineRun resumed = run(again);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).doesNotContain("timing").contains("finished earlier");
    }

    @Test
    void aBudgetThatBuysNoStepOrCannotBeReadOrComesWithAStepCountIsRefusedInOneLine() {
        Path out = work.resolve("refused");
        CommandLineRun small = run(bench(out, "tube:0.75", "0.001gflop"));
        assertThat(small.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(small.err().strip()).startsWith("adamae: Invalid setting adamae.bench.budget")
                .contains("0.001gflop gives tube:0.75 no pre-training step").doesNotContain("\n");
        assertThat(out).doesNotExist();

        CommandLineRun unreadable = run(bench(out, "tube:0.75", "3 parsecs"));
        assertThat(unreadable.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(unreadable.err()).contains("adamae.bench.budget").contains("is not a budget");

        CommandLineRun both = run(bench(out, "tube:0.75", "3min", "--pretrain-steps", "5"));
        assertThat(both.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(both.err()).contains("adamae.bench.budget").contains("pretrain-steps");
        assertThat(out).doesNotExist();
    }
}
