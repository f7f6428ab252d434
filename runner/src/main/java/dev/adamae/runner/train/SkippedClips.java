package dev.adamae.runner.train;

import dev.adamae.engine.train.ClipBatches;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run skipped because it could not be read, for its summary: how many clips, of how many
 * files (a bad file is met again in every epoch), and how many clips by reason.
 *
 * @param clips the clips skipped in the batches handed out
 * @param files the distinct clips (files) among them
 * @param byReason the clips skipped by reason, the most frequent first
 */
public record SkippedClips(long clips, int files, Map<String, Long> byReason) {

    public SkippedClips {
        if (clips < 0 || files < 0 || files > clips) {
            throw new IllegalArgumentException("Skipped clips need 0 <= files <= clips, got " + files + " files of " + clips
                    + " clips");
        }
        byReason = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byReason));
    }

    /** Returns what the batches handed out so far skipped. */
    public static SkippedClips of(ClipBatches batches) {
        return new SkippedClips(batches.skipped(), batches.unreadable().size(), batches.skippedByReason());
    }

    /** Adds {@code skipped_clips}, {@code skipped_files} and {@code skipped_by_reason} to a summary's fields. */
    public void addTo(Map<String, Object> fields) {
        fields.put("skipped_clips", clips);
        fields.put("skipped_files", files);
        fields.put("skipped_by_reason", byReason);
    }

    /**
     * Returns one line for the console, e.g. {@code Skipped 3 unreadable clips (2 files): 2 missing
     * file, 1 not a video}, or an empty string when nothing was skipped.
     */
    public String line() {
        if (clips == 0) {
            return "";
        }
        return "Skipped " + clips + " unreadable clip" + (clips == 1 ? "" : "s") + " (" + files + " file"
                + (files == 1 ? "" : "s") + "): " + byReason.entrySet().stream()
                        .map(entry -> entry.getValue() + " " + entry.getKey())
                        .collect(Collectors.joining(", "));
    }
}
