package dev.adamae.runner.weights;

/**
 * A prefix to strip from or add to every key of a state dict: {@code module.} (as
 * DistributedDataParallel saves) to strip, {@code +encoder.} to add.
 *
 * @param prefix the prefix itself
 * @param add whether it is added (on import) rather than stripped
 */
public record KeyPrefix(String prefix, boolean add) {

    /** No prefix: keys as they are. */
    public static final KeyPrefix NONE = new KeyPrefix("", false);

    /** Parses {@code PFX} (strip) or {@code +PFX} (add); {@code null} is {@link #NONE}. */
    public static KeyPrefix parse(String option) {
        if (option == null || option.isEmpty()) {
            return NONE;
        }
        return option.startsWith("+") ? new KeyPrefix(option.substring(1), true) : new KeyPrefix(option, false);
    }

    /**
     * Returns the key a file's key stands for.
     *
     * @throws WeightFileException when a prefix to strip is missing from the key
     */
    public String apply(String key, String source) {
        if (prefix.isEmpty()) {
            return key;
        }
        if (add) {
            return prefix + key;
        }
        if (!key.startsWith(prefix)) {
            throw new WeightFileException(source + ": key " + key + " does not start with the prefix " + prefix
                    + " to strip (--prefix)");
        }
        return key.substring(prefix.length());
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? "none" : (add ? "+" : "") + prefix;
    }
}
