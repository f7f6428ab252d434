package dev.adamae.runner.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows where a benchmark is: which runs, which phases, the step each phase's process reached,
 * and the time left for each phase and for the whole benchmark. Every line names its run and
 * phase, so that several phases in flight stay readable. On a terminal, lines that last (a phase
 * starts or ends) are printed above one status line that is redrawn with every phase in flight;
 * otherwise a line is printed when a phase starts, every tenth of a phase, and when it ends.
 * Safe to call from the threads of phases that run at once.
 */
final class BenchProgress {

    private static final int PLAIN_LINES = 10;
    private static final String SEPARATOR = " | ";

    private final PrintWriter err;
    private final boolean terminal;
    private final int runs;
    private final int columns;
    private final List<Phase> active = new ArrayList<>();
    private int width;

    BenchProgress(PrintWriter err, boolean terminal, int runs) {
        this.err = err;
        this.terminal = terminal;
        this.runs = runs;
        int fromEnvironment = 0;
        try {
            fromEnvironment = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "0").trim());
        } catch (NumberFormatException e) {
            // No width given: the default will do.
        }
        this.columns = fromEnvironment > 20 ? fromEnvironment : 160;
    }

    /** One phase in flight: its steps and its end are reported through it. */
    final class Phase {

        private final String prefix;
        private long lastPlainStep = -1;
        private String status;

        private Phase(String prefix) {
            this.prefix = prefix;
            this.status = prefix;
        }

        /**
         * Shows the step the phase reached.
         *
         * @param total the phase's steps, or 0 when unknown
         * @param phaseLeft seconds left in the phase, or NaN when unknown
         * @param benchLeft seconds left in the benchmark, or NaN when unknown
         */
        void step(long step, long total, double phaseLeft, double benchLeft) {
            synchronized (BenchProgress.this) {
                status = prefix + " step " + step + (total > 0 ? "/" + total : "")
                        + (Double.isNaN(phaseLeft) ? "" : ", ETA " + duration(phaseLeft))
                        + (Double.isNaN(benchLeft) ? "" : ", bench ETA " + duration(benchLeft));
                if (terminal) {
                    redraw();
                    return;
                }
                long every = Math.max(1, total / PLAIN_LINES);
                if (total > 0 && step / every != lastPlainStep / every && step > lastPlainStep) {
                    lastPlainStep = step;
                    err.println(status);
                    err.flush();
                }
            }
        }

        /** Reports how the phase ended; it is no longer in flight. */
        void done(String message) {
            synchronized (BenchProgress.this) {
                active.remove(this);
                keep(prefix + ": " + message);
            }
        }
    }

    /** Announces a phase of run {@code index} (from 1) and returns it, in flight. */
    synchronized Phase phase(int index, BenchRun run, String phase, String detail) {
        Phase started = new Phase(String.format(Locale.ROOT, "bench: run %d/%d %s: %s", index, runs, run, phase));
        keep(started.prefix + (detail.isEmpty() ? "" : " (" + detail + ")"));
        active.add(started);
        return started;
    }

    /** Reports that run {@code index} (from 1) finished in an earlier start of the benchmark. */
    synchronized void skipped(int index, BenchRun run) {
        keep(String.format(Locale.ROOT, "bench: run %d/%d %s: finished earlier (skipped)", index, runs, run));
    }

    /** Prints a line of its own. */
    synchronized void note(String message) {
        keep(message);
    }

    /** Prints a line that stays, above the status line on a terminal. */
    private void keep(String text) {
        if (terminal) {
            err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
            err.println();
            width = 0;
            redraw();
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Redraws the terminal's status line: every phase in flight. */
    private void redraw() {
        if (active.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (Phase phase : active) {
            parts.add(active.size() == 1 ? phase.status : phase.status.replaceFirst("^bench: ", ""));
        }
        String text = String.join(SEPARATOR, parts);
        if (text.length() > columns - 1) {
            text = text.substring(0, columns - 4) + "...";
        }
        err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
        width = text.length();
        err.flush();
    }

    static String duration(double seconds) {
        return dev.adamae.runner.train.ProgressDisplay.formatDuration(seconds);
    }
}
