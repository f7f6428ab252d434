package dev.adamae.runner.bench;

import dev.adamae.runner.AdaMaeMain;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@code adamae} command in a JVM of its own, with this JVM's options and class path, so
 * that its memory figures are its own and its failure cannot take this process down.
 */
public final class ChildJvm {

    /** The system property that names the parent process; the child stops when the parent is gone. */
    public static final String PARENT_PROPERTY = "adamae.parent-pid";

    private ChildJvm() {
    }

    /**
     * In a child, stops the JVM at once when its parent process has gone (killed or crashed), so
     * that no orphan goes on writing into a folder that a resumed parent will use. Checkpoints are
     * written atomically, so stopping at any moment loses no finished one.
     */
    public static void watchParent() {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent == null) {
            return;
        }
        long pid = Long.parseLong(parent);
        Thread watchdog = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(AdaMaeMain.FAILED);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Returns the command line that runs {@code adamae args...} in a new JVM. */
    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), AdaMaeMain.class.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code adamae args...} with standard output and error appended to {@code log}, calling
     * {@code poll} about once a second until it ends.
     *
     * @return the exit code
     * @throws IOException when the process cannot start
     */
    public static int run(List<String> args, Path log, Runnable poll) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        try {
            while (!process.waitFor(1, TimeUnit.SECONDS)) {
                poll.run();
            }
            poll.run();
            return process.exitValue();
        } finally {
            if (process.isAlive()) {
                // This JVM is being interrupted: the child must not outlive it.
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
