package dev.adamae.engine.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run's batches skipped so far because clips could not be read: carried in checkpoints,
 * so that a resumed run counts, and reports once, what the whole run skipped.
 *
 * @param clips the clips skipped
 * @param unreadable the clips that could not be read, by index, with the reason
 * @param byReason the clips skipped by reason
 */
public record DataSkips(long clips, Map<Integer, String> unreadable, Map<String, Long> byReason) {

    /** Nothing skipped. */
    public static final DataSkips NONE = new DataSkips(0, Map.of(), Map.of());

    static final String PREFIX = "data.";
    static final String CLIPS = PREFIX + "skipped-clips";
    static final String UNREADABLE = PREFIX + "unreadable.";
    static final String BY_REASON = PREFIX + "skipped-by-reason.";

    public DataSkips {
        if (clips < 0 || unreadable.size() > clips) {
            throw new IllegalArgumentException("Skipped clips need 0 <= files <= clips, got " + unreadable.size()
                    + " files of " + clips + " clips");
        }
        unreadable = Collections.unmodifiableMap(new TreeMap<>(unreadable));
        byReason = Collections.unmodifiableMap(new LinkedHashMap<>(byReason));
    }

    /** Returns these counts as checkpoint manifest fields. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(CLIPS, Long.toString(clips));
        unreadable.forEach((index, reason) -> fields.put(UNREADABLE + index, reason));
        byReason.forEach((reason, count) -> fields.put(BY_REASON + reason, Long.toString(count)));
        return fields;
    }

    /**
     * Returns the counts a checkpoint's manifest holds; none for a checkpoint written before they were.
     *
     * @throws IllegalArgumentException naming the first field that is not a count or an index
     */
    static DataSkips of(Map<String, String> fields) {
        long clips = 0;
        Map<Integer, String> unreadable = new TreeMap<>();
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
            String key = field.getKey();
            try {
                if (key.equals(CLIPS)) {
                    clips = count(field.getValue());
                } else if (key.startsWith(UNREADABLE)) {
                    unreadable.put(Math.toIntExact(count(key.substring(UNREADABLE.length()))), field.getValue());
                } else if (key.startsWith(BY_REASON)) {
                    byReason.put(key.substring(BY_REASON.length()), count(field.getValue()));
                } else {
                    throw new IllegalArgumentException("an unknown field " + key);
                }
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("its field " + key + " = '" + field.getValue() + "' is not a count");
            }
        }
        if (unreadable.size() > clips || byReason.values().stream().mapToLong(Long::longValue).sum() != clips) {
            throw new IllegalArgumentException("its skipped-clip counts do not add up");
        }
        return new DataSkips(clips, unreadable, byReason);
    }

    private static long count(String text) {
        long value = Long.parseLong(text.strip());
        if (value < 0) {
            throw new NumberFormatException(text);
        }
        return value;
    }
}
