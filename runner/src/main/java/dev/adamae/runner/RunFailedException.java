package dev.adamae.runner;

/** A run that failed while working (not for its inputs), reported as one line with exit code 1. */
public final class RunFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
