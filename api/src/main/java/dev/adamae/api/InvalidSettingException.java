package dev.adamae.api;

/**
 * A setting that is missing, of the wrong type or out of range; the message names the key,
 * the value, where the value came from and the reason, on one line.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception.
     *
     * @param key the full key, e.g. {@code adamae.masking.strategies.tube.default-ratio}
     * @param value the value as written, or {@code null} when the key is not set
     * @param origin where the value came from (file and line), or {@code null}
     * @param reason why the value is refused
     */
    public InvalidSettingException(String key, String value, String origin, String reason) {
        super(message(key, value, origin, reason));
        this.key = key;
    }

    /** Returns the full key of the refused setting. */
    public String key() {
        return key;
    }

    private static String message(String key, String value, String origin, String reason) {
        StringBuilder message = new StringBuilder("Invalid setting ").append(key);
        if (value != null) {
            message.append(" = ").append(value);
        }
        if (origin != null && !origin.isBlank()) {
            message.append(" (").append(origin).append(')');
        }
        return message.append(": ").append(reason).toString();
    }
}
