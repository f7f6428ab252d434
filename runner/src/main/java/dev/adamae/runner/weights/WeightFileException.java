package dev.adamae.runner.weights;

/** A weight file that cannot be read, or whose tensors do not fit the model, reported as one line. */
public final class WeightFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WeightFileException(String message) {
        super(message);
    }

    public WeightFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
