package dev.adamae.runner;

/**
 * A problem the user can fix (a wrong flag, file, setting or name), reported as one line.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
