package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A pre-training run in a child process: a second process on its folder is refused while it
 * runs; SIGTERM or Ctrl-C (SIGINT) stops it after the step in progress with a checkpoint, which
 * the run resumes from; a second signal stops it at once.
 */
class PretrainStopAndLockTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path work;

    private static List<String> pretrain(Path out, int steps, int batch, String... extra) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--preset", "test", "--steps", String.valueOf(steps),
                "--batch", String.valueOf(batch), "--seed", "5", "--out", out.toString(),
                "--set", "adamae.train.checkpoint-every=1000", "--set", "adamae.data.moving-sprites.clips=32"));
        args.addAll(List.of(extra));
        return args;
    }

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), AdaMaeMain.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitLines(Process child, Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
            assertThat(child.isAlive()).as("the child ended early").isTrue();
            assertThat(System.nanoTime()).as("the child took too long").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void awaitText(Process child, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.readString(log).contains(text)) {
            assertThat(System.nanoTime()).as("the child never said: " + text).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void signal(Process child, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    @Test
    void aSecondProcessIsRefusedWhileTheRunGoesOnAndSigtermStopsItWithACheckpointToResumeFrom() throws Exception {
        Path out = work.resolve("run");
        Path log = work.resolve("child.log");
        Process child = start(pretrain(out, 500, 2), log);
        awaitLines(child, out.resolve("metrics.jsonl"), 2);

        for (List<String> second : List.of(pretrain(out, 500, 2), pretrain(out, 500, 2, "--resume"))) {
            CommandLineRun refused = CommandLineRun.of(second.toArray(String[]::new));
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(AdaMaeMain.USAGE);
            assertThat(refused.err().lines()).hasSize(1);
            assertThat(refused.err()).contains(out.toString()).contains("in use by another adamae process");
        }
        assertThat(child.isAlive()).isTrue();

        child.destroy();
        assertThat(child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(log);
        assertThat(child.exitValue()).as(said).isEqualTo(143);
        assertThat(said).contains("adamae: SIGTERM: stopping after this step, with a checkpoint");
        int done = Files.readAllLines(out.resolve("metrics.jsonl")).size();
        assertThat(said).contains("adamae: stopped by SIGTERM after step " + done + "; checkpoint "
                + out.resolve("checkpoints").resolve(String.format("step-%09d.ckpt", done)) + " written; "
                + "continue with --resume");

        CommandLineRun resumed = CommandLineRun.of(pretrain(out, done + 2, 2, "--resume").toArray(String[]::new));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming at step " + done);
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(done + 2);
    }

    @Test
    void ctrlCStopsWithItsExitCodeAndASecondSignalStopsAtOnce() throws Exception {
        Path out = work.resolve("run");
        Path log = work.resolve("child.log");
        // Large batches, so that a step lasts long enough for the second signal to come during it.
        Process child = start(pretrain(out, 500, 64), log);
        awaitLines(child, out.resolve("metrics.jsonl"), 1);
        signal(child, "INT");
        awaitText(child, log, "adamae: SIGINT: stopping after this step");
        child.destroy();
        assertThat(child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(log);
        assertThat(child.exitValue()).as(said).isEqualTo(143);
        assertThat(said).doesNotContain("stopped by SIGINT after step");

        Path single = work.resolve("single");
        Process second = start(pretrain(single, 500, 2), log);
        awaitLines(second, single.resolve("metrics.jsonl"), 1);
        signal(second, "INT");
        assertThat(second.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        said = Files.readString(log);
        assertThat(second.exitValue()).as(said).isEqualTo(130);
        assertThat(said).contains("adamae: stopped by SIGINT after step");
    }
}
