package dev.adamae.engine.train;

import java.nio.file.Path;

/** Observes a pre-training run: progress, metrics, checkpoints. */
public interface TrainingListener {

    /** Called before the first step; {@code startStep} is above 0 when the run resumes. */
    default void onStart(long startStep, long totalSteps) {
    }

    /** Called after every step. */
    void onStep(StepMetrics metrics);

    /** Called after a checkpoint was written. */
    default void onCheckpoint(long step, Path file) {
    }

    /** Called once the run has ended, normally or not. */
    default void onEnd() {
    }
}
