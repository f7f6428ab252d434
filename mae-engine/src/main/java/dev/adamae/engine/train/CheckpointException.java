package dev.adamae.engine.train;

/** A checkpoint that is missing, damaged, not ours, or made for another run; the message says which. */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
