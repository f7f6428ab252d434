package dev.adamae.engine.data;

/**
 * A clip that cannot be read; the message names the clip and the reason, and {@link #reason()}
 * puts the reason in a short category (such as {@code missing file} or {@code unsupported codec})
 * under which a run's skipped clips are counted.
 */
public final class UnreadableClipException extends Exception {

    /** The category of a clip whose exception was given none. */
    public static final String UNCATEGORISED = "unreadable";

    private static final long serialVersionUID = 1L;

    private final String reason;

    /** Creates the exception, uncategorised. */
    public UnreadableClipException(String message) {
        this(message, UNCATEGORISED, null);
    }

    /** Creates the exception with its cause, uncategorised. */
    public UnreadableClipException(String message, Throwable cause) {
        this(message, UNCATEGORISED, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message names the clip and says what is wrong, on one line
     * @param reason a short category in lower case, e.g. {@code truncated or damaged file}; a
     *     null or blank one is {@value #UNCATEGORISED}
     */
    public UnreadableClipException(String message, String reason) {
        this(message, reason, null);
    }

    /** Creates the exception with its category and its cause. */
    public UnreadableClipException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason == null || reason.isBlank() ? UNCATEGORISED : reason.strip();
    }

    /** Returns the short category of the reason, {@value #UNCATEGORISED} when none was given. */
    public String reason() {
        return reason;
    }
}
