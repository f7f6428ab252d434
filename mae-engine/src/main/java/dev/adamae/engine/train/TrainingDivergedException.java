package dev.adamae.engine.train;

/** The loss became NaN or infinite; the message says at which step and which checkpoint is the last good one. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
