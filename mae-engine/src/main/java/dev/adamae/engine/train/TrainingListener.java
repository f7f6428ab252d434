package dev.adamae.engine.train;

import java.nio.file.Path;

/**
 * Observes a training run: progress, metrics, checkpoints.
 *
 * @param <M> what the loop reports after each step: {@link StepMetrics} in pre-training; a
 *     listener for any loop takes {@link StepReport}
 */
public interface TrainingListener<M extends StepReport> {

    /** Called before the first step; {@code startStep} is above 0 when the run resumes. */
    default void onStart(long startStep, long totalSteps) {
    }

    /** Called after every step. */
    void onStep(M metrics);

    /** Called after a checkpoint was written. */
    default void onCheckpoint(long step, Path file) {
    }

    /** Called once the run has ended, normally or not. */
    default void onEnd() {
    }
}
