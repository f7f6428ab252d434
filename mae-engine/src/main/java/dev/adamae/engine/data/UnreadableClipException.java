package dev.adamae.engine.data;

/** A clip that cannot be read; the message names the clip and the reason. */
public final class UnreadableClipException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnreadableClipException(String message) {
        super(message);
    }

    public UnreadableClipException(String message, Throwable cause) {
        super(message, cause);
    }
}
