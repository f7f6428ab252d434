package dev.adamae.engine.train;

/**
 * What every training loop reports after a step, pre-training and fine-tuning alike: enough for
 * a progress display and a metrics line.
 */
public interface StepReport {

    /** Returns the steps done, this one included (from 1). */
    long step();

    /** Returns the loss the step minimised. */
    double loss();

    /** Returns the step's learning rate. */
    double learningRate();

    /** Returns the clips of the step over its wall time. */
    double clipsPerSecond();

    /** Returns the step as one JSON object on one line, beginning with {@code {"step":N}. */
    String toJson();
}
