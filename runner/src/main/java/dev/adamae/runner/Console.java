package dev.adamae.runner;

import java.io.PrintWriter;

/**
 * Where a job writes: results to {@code out}, warnings and progress to {@code err}.
 *
 * @param out standard output, for results (machine-readable with {@code --json})
 * @param err standard error, for warnings and progress
 */
public record Console(PrintWriter out, PrintWriter err) {

    /** Writes a warning line to standard error. */
    public void warn(String line) {
        err.println("adamae: warning: " + line);
        err.flush();
    }
}
