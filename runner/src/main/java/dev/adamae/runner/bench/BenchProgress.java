package dev.adamae.runner.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows where a benchmark is: which run, which phase, the step its process reached, and the time
 * left for the phase and for the whole benchmark. On a terminal one line is redrawn; otherwise a
 * line is printed when a phase starts, every tenth of a phase, and when it ends.
 */
final class BenchProgress {

    private static final int PLAIN_LINES = 10;

    private final PrintWriter err;
    private final boolean terminal;
    private final int runs;
    private String prefix = "";
    private long lastPlainStep = -1;
    private int width;

    BenchProgress(PrintWriter err, boolean terminal, int runs) {
        this.err = err;
        this.terminal = terminal;
        this.runs = runs;
    }

    /** Announces a phase of run {@code index} (from 1). */
    void phase(int index, BenchRun run, String phase, String detail) {
        prefix = String.format(Locale.ROOT, "bench: run %d/%d %s: %s", index, runs, run, phase);
        lastPlainStep = -1;
        line(prefix + (detail.isEmpty() ? "" : " (" + detail + ")"), true);
    }

    /**
     * Shows the step the phase reached.
     *
     * @param total the phase's steps, or 0 when unknown
     * @param phaseLeft seconds left in the phase, or NaN when unknown
     * @param benchLeft seconds left in the benchmark, or NaN when unknown
     */
    void step(long step, long total, double phaseLeft, double benchLeft) {
        String text = prefix + " step " + step + (total > 0 ? "/" + total : "")
                + (Double.isNaN(phaseLeft) ? "" : ", ETA " + duration(phaseLeft))
                + (Double.isNaN(benchLeft) ? "" : ", bench ETA " + duration(benchLeft));
        if (terminal) {
            line(text, false);
            return;
        }
        long every = Math.max(1, total / PLAIN_LINES);
        if (total > 0 && step / every != lastPlainStep / every && step > lastPlainStep) {
            lastPlainStep = step;
            line(text, true);
        }
    }

    /** Reports how a phase ended. */
    void done(String message) {
        line(prefix + ": " + message, true);
    }

    /** Prints a line of its own. */
    void note(String message) {
        line(message, true);
    }

    private void line(String text, boolean keep) {
        if (terminal) {
            err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
            width = keep ? 0 : text.length();
            if (keep) {
                err.println();
            }
        } else {
            err.println(text);
        }
        err.flush();
    }

    static String duration(double seconds) {
        return dev.adamae.runner.train.ProgressDisplay.formatDuration(seconds);
    }
}
