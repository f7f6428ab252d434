package dev.adamae.video;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.engine.data.VideoClip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Something-Something v2 as its authors distribute it: an annotation file ({@code train.json},
 * {@code validation.json} or {@code test.json}), a list of objects with an {@code id} and a
 * {@code template} such as {@code "Putting [something] on a surface"}; {@code labels.json}, which
 * maps each template without its brackets to its class index (as a string); and the videos,
 * {@code <root>/<id>.webm}. Entries without a template (the test set) are unlabelled.
 *
 * <p>Files are not checked at construction: a missing video is unreadable when read.
 */
public final class SomethingSomethingV2Dataset extends VideoFileDataset {

    /** The extension of the distributed videos. */
    public static final String VIDEO_EXTENSION = ".webm";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads the annotations.
     *
     * @param annotations {@code train.json}, {@code validation.json} or {@code test.json}
     * @param labels {@code labels.json}
     * @param videos the folder of the {@code <id>.webm} files
     * @throws IllegalArgumentException when a file is malformed or names a template {@code labels} lacks
     * @throws UncheckedIOException when a file cannot be read
     */
    public SomethingSomethingV2Dataset(Path annotations, Path labels, Path videos, VideoDataSettings settings) {
        this(annotations, classNames(labels), videos, settings);
    }

    private SomethingSomethingV2Dataset(Path annotations, List<String> classNames, Path videos, VideoDataSettings settings) {
        super("something-something-v2 " + annotations, entries(annotations, classNames, videos), classNames, settings);
    }

    /** Returns the class names indexed by label, from {@code labels.json}. */
    private static List<String> classNames(Path labels) {
        JsonNode root = read(labels);
        if (!root.isObject() || root.isEmpty()) {
            throw new IllegalArgumentException(labels + ": expected an object mapping templates to class indices");
        }
        String[] names = new String[root.size()];
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            int label = parseLabel(field.getValue().asText(), names.length);
            if (label < 0 || names[label] != null) {
                throw new IllegalArgumentException(labels + ": template \"" + field.getKey() + "\" has class index "
                        + field.getValue() + ", not a free index from 0 to " + (names.length - 1));
            }
            names[label] = field.getKey();
        }
        return Arrays.asList(names);
    }

    private static List<VideoEntry> entries(Path annotations, List<String> classNames, Path videos) {
        Map<String, Integer> labels = new HashMap<>();
        for (int label = 0; label < classNames.size(); label++) {
            labels.put(classNames.get(label), label);
        }
        JsonNode root = read(annotations);
        if (!root.isArray()) {
            throw new IllegalArgumentException(annotations + ": expected a list of videos");
        }
        List<VideoEntry> entries = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode video = root.get(i);
            String id = video.path("id").asText("");
            if (id.isEmpty() || id.contains("/") || id.contains("\\")) {
                throw new IllegalArgumentException(annotations + ": video " + i + " has no usable id: " + video.get("id"));
            }
            int label = VideoClip.NO_LABEL;
            if (video.hasNonNull("template")) {
                String template = video.get("template").asText().replace("[", "").replace("]", "");
                Integer known = labels.get(template);
                if (known == null) {
                    throw new IllegalArgumentException(annotations + ": video " + id + " has template \"" + template
                            + "\", which the labels file does not list");
                }
                label = known;
            }
            entries.add(new VideoEntry(videos.resolve(id + VIDEO_EXTENSION), label));
        }
        return entries;
    }

    private static int parseLabel(String text, int classes) {
        try {
            int label = Integer.parseInt(text.strip());
            return label < classes ? label : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ", line "
                    + e.getLocation().getLineNr() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e, e);
        }
    }
}
