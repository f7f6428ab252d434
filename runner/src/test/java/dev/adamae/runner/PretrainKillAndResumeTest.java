package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A pre-training run killed with SIGKILL in a child process, then resumed, ends with the same
 * losses, step for step, as a run that was never stopped.
 */
class PretrainKillAndResumeTest {

    private static final int STEPS = 40;
    private static final int KILL_AFTER = 17;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path work;

    private static List<String> pretrain(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--preset", "test", "--steps", String.valueOf(STEPS),
                "--batch", "2", "--seed", "11", "--out", out.toString(),
                "--set", "adamae.train.checkpoint-every=5", "--set", "adamae.train.warmup-steps=5",
                "--set", "adamae.data.moving-sprites.clips=24"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void aRunKilledMidwayAndResumedEndsWithTheLossesOfAnUninterruptedRun() throws Exception {
        Path whole = work.resolve("whole");
        CommandLineRun uninterrupted = CommandLineRun.of(pretrain(whole).toArray(String[]::new));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

        Path killed = work.resolve("killed");
        Process child = childJvm(pretrain(killed)).start();
        Path metrics = killed.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (lines(metrics) < KILL_AFTER) {
            assertThat(child.isAlive()).as("the child ended before it could be killed").isTrue();
            assertThat(System.nanoTime()).as("the child took too long").isLessThan(deadline);
            Thread.sleep(5);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lines(metrics)).as("killed before the end").isLessThan(STEPS);

        CommandLineRun resumed = CommandLineRun.of(pretrain(killed, "--resume").toArray(String[]::new));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming at step");

        List<Double> expected = losses(whole.resolve("metrics.jsonl"));
        List<Double> actual = losses(metrics);
        assertThat(expected).hasSize(STEPS);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void aSecondRunIntoTheSameFolderIsRefusedWithoutResume() throws Exception {
        Path out = work.resolve("run");
        String[] args = {"pretrain", "--preset", "test", "--steps", "2", "--batch", "1", "--out", out.toString()};
        assertThat(CommandLineRun.of(args).exitCode()).isZero();
        byte[] before = Files.readAllBytes(out.resolve("metrics.jsonl"));
        CommandLineRun again = CommandLineRun.of(args);
        assertThat(again.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(again.err()).contains("already holds a run").contains("--resume");
        assertThat(Files.readAllBytes(out.resolve("metrics.jsonl"))).isEqualTo(before);
    }

    @Test
    void resumingFromADamagedCheckpointFailsNamingItAndChangesNothing() throws Exception {
        Path out = work.resolve("run");
        String[] args = {"pretrain", "--preset", "test", "--steps", "4", "--batch", "1", "--out", out.toString(),
                "--set", "adamae.train.checkpoint-every=2"};
        assertThat(CommandLineRun.of(args).exitCode()).isZero();
        Path newest = out.resolve("checkpoints/step-000000004.ckpt");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        byte[] metrics = Files.readAllBytes(out.resolve("metrics.jsonl"));

        List<String> resume = new ArrayList<>(List.of(args));
        resume.set(4, "8");
        resume.add("--resume");
        CommandLineRun run = CommandLineRun.of(resume.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains(newest.toString()).contains("damaged or truncated");
        assertThat(Files.readAllBytes(out.resolve("metrics.jsonl"))).isEqualTo(metrics);
        assertThat(Files.size(newest)).isEqualTo(bytes.length / 3);
    }

    @Test
    void theRunWritesItsMetricsConfigSummaryAndCheckpoints() throws Exception {
        Path out = work.resolve("run");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--steps", "3", "--batch", "2",
                "--strategy", "tube", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode step = json.readTree(lines.get(i));
            assertThat(step.get("step").asInt()).isEqualTo(i + 1);
            for (String field : List.of("loss", "loss_rec", "lr", "ms", "clips_per_s", "rss_mb", "offheap_mb")) {
                assertThat(step.has(field)).as(field).isTrue();
            }
            assertThat(step.has("loss_strategy")).isFalse();
        }
        assertThat(Files.readString(out.resolve("config.conf"))).contains("strategy").contains("tube");
        assertThat(json.readTree(out.resolve("summary.json").toFile()).get("steps").asInt()).isEqualTo(3);
        assertThat(out.resolve("checkpoints/step-000000003.ckpt")).exists();
        assertThat(run.out()).contains("ms_per_step_median").contains("peak_rss_mb");
    }

    private static ProcessBuilder childJvm(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), AdaMaeMain.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static List<Double> losses(Path metrics) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            losses.add(json.readTree(line).get("loss").asDouble());
        }
        return losses;
    }
}
