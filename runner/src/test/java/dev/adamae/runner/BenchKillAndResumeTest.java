package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.runner.bench.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark killed with SIGKILL in the middle of a run's pre-training: its pre-training process
 * stops with it (no orphan goes on writing), and {@code --resume} continues the run from its
 * newest checkpoint, so the run ends with every step once.
 */
class BenchKillAndResumeTest {

    private static final int STEPS = 40;
    private static final int KILL_AFTER = 17;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path work;

    private List<String> bench(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("bench", "--preset", "test", "--runs", "tube:0.75", "--seeds", "3",
                "--pretrain-steps", String.valueOf(STEPS), "--eval", "none", "--out", out.toString(),
                "--set", "adamae.train.batch-size=2", "--set", "adamae.train.checkpoint-every=5",
                "--set", "adamae.train.warmup-steps=5", "--set", "adamae.data.moving-sprites.clips=24"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void aKilledBenchmarkStopsItsRunAndResumesItFromTheNewestCheckpoint() throws Exception {
        Path out = work.resolve("bench");
        Process parent = new ProcessBuilder(ChildJvm.command(bench(out))).redirectErrorStream(true)
                .redirectOutput(work.resolve("bench.log").toFile()).start();
        Path metrics = out.resolve("runs/tube-0.75-s3/pretrain/metrics.jsonl");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (lines(metrics) < KILL_AFTER) {
            assertThat(parent.isAlive()).as("the benchmark ended before it could be killed").isTrue();
            assertThat(System.nanoTime()).as("the benchmark took too long").isLessThan(deadline);
            Thread.sleep(5);
        }
        List<ProcessHandle> children = parent.descendants().toList();
        assertThat(children).as("pre-training runs in a process of its own").isNotEmpty();
        parent.destroyForcibly();
        assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle child : children) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("the pre-training process outlived the benchmark").isFalse();
        }
        long killedAt = lines(metrics);
        assertThat(killedAt).as("killed before the end").isLessThan(STEPS);

        CommandLineRun resumed = CommandLineRun.of(bench(out, "--resume").toArray(String[]::new));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("run 1/1 tube 0.75 seed 3: pretrain (resuming)");
        assertThat(Files.readString(out.resolve("runs/tube-0.75-s3/pretrain.log"))).contains("resuming at step");
        List<Integer> steps = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(metrics)) {
            steps.add(json.readTree(line).get("step").asInt());
        }
        assertThat(steps).hasSize(STEPS);
        for (int i = 0; i < STEPS; i++) {
            assertThat(steps.get(i)).isEqualTo(i + 1);
        }
        assertThat(Files.readString(out.resolve("results.csv"))).contains("tube,0.75,0.75,3,ok," + STEPS + ",");
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return Files.readAllLines(file).stream().filter(line -> line.endsWith("}")).count();
    }
}
