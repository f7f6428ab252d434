package dev.adamae.runner.bench;

import dev.adamae.runner.AdaMaeMain;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@code adamae} command in a JVM of its own, with this JVM's options and class path, so
 * that its memory figures are its own and its failure cannot take this process down.
 */
public final class ChildJvm {

    /** The system property that names the parent process; the child stops when the parent is gone. */
    public static final String PARENT_PROPERTY = "adamae.parent-pid";

    /** The variable that sets the native threads of ND4J's OpenMP and OpenBLAS; read once, at start-up. */
    public static final String THREADS = "OMP_NUM_THREADS";

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
     * Returns the native threads this process was given: its own {@value #THREADS} when that is a
     * positive number (the launcher sets it), else the processors the JVM sees.
     */
    public static int availableThreads() {
        String threads = System.getenv(THREADS);
        try {
            if (threads != null && Integer.parseInt(threads.trim()) > 0) {
                return Integer.parseInt(threads.trim());
            }
        } catch (NumberFormatException e) {
            // Not a number: the processors will do.
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Returns the environment that gives a child {@code threads} native threads (ND4J's OpenMP and OpenBLAS). */
    public static Map<String, String> threads(int threads) {
        return Map.of(THREADS, Integer.toString(threads));
    }

    /**
     * Runs {@code adamae args...} with standard output and error appended to {@code log}, calling
     * {@code poll} about once a second until it ends.
     *
     * @param environment variables set for the child, over this process's own
     * @param output where standard output goes, or {@code null} to append it to {@code log} too
     * @return the exit code
     * @throws IOException when the process cannot start
     */
    public static int run(List<String> args, Map<String, String> environment, Path log, Path output, Runnable poll)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(environment);
        if (output == null) {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            builder.redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
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
