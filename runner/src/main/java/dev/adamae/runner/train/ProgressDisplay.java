package dev.adamae.runner.train;

import dev.adamae.engine.train.StepReport;
import dev.adamae.engine.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress on standard error: a progress bar with step, loss, learning rate,
 * clips/s and ETA on a terminal, or a plain line every tenth of the run when the output is a
 * file or a pipe (logs stay readable).
 */
public final class ProgressDisplay implements TrainingListener<StepReport> {

    private static final int PLAIN_LINES = 10;

    private final String task;
    private final boolean terminal;
    private final PrintWriter err;
    private ProgressBar bar;
    private long total;
    private long start;
    private long startedAt;

    /**
     * Creates the display.
     *
     * @param terminal whether standard error is a terminal that can redraw a line
     */
    public ProgressDisplay(String task, boolean terminal, PrintWriter err) {
        this.task = task;
        this.terminal = terminal;
        this.err = err;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        total = totalSteps;
        start = startStep;
        startedAt = System.nanoTime();
        if (startStep > 0) {
            err.printf("%s: resuming at step %d of %d%n", task, startStep, totalSteps);
            err.flush();
        }
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(totalSteps)
                    .startsFrom(startStep, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .build();
        }
    }

    @Override
    public void onStep(StepReport metrics) {
        String message = String.format(Locale.ROOT, "loss %.4f  lr %.2e  %.1f clips/s", metrics.loss(),
                metrics.learningRate(), metrics.clipsPerSecond());
        if (bar != null) {
            bar.stepTo(metrics.step());
            bar.setExtraMessage(message);
            return;
        }
        long every = Math.max(1, total / PLAIN_LINES);
        if (metrics.step() % every == 0 || metrics.step() == total || metrics.step() == start + 1) {
            double elapsed = (System.nanoTime() - startedAt) / 1e9;
            double eta = elapsed / (metrics.step() - start) * (total - metrics.step());
            err.printf(Locale.ROOT, "%s: step %d/%d  %s  ETA %s%n", task, metrics.step(), total, message,
                    formatDuration(eta));
            err.flush();
        }
    }

    @Override
    public void onCheckpoint(long step, Path file) {
        if (bar == null) {
            err.printf("%s: checkpoint %s%n", task, file);
            err.flush();
        }
    }

    @Override
    public void onEnd() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Formats seconds as {@code h:mm:ss}. */
    public static String formatDuration(double seconds) {
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60);
    }
}
