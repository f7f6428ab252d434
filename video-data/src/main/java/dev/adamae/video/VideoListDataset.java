package dev.adamae.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The videos named in a list file, one {@code path label} a line, as VideoMAE's lists: the path
 * relative to a root folder (it may hold spaces: the label is the last word), the label a class
 * index from 0. Blank lines and lines starting with {@code #} are skipped. The class names are the
 * label numbers, {@code "0"} to the largest label.
 *
 * <p>Files are not checked at construction: a listed file that is missing is unreadable when read,
 * and the trainer counts and skips it.
 */
public final class VideoListDataset extends VideoFileDataset {

    private static final Pattern LINE = Pattern.compile("(.*\\S)\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("\\d{1,9}");

    /**
     * Reads the list.
     *
     * @param listFile the list
     * @param root the folder list paths are relative to
     * @throws IllegalArgumentException when a line is malformed (naming the file and line), or the list names no video
     * @throws UncheckedIOException when the list cannot be read
     */
    public VideoListDataset(Path listFile, Path root, VideoDataSettings settings) {
        this(listFile, parse(listFile, root), settings);
    }

    private VideoListDataset(Path listFile, List<VideoEntry> entries, VideoDataSettings settings) {
        super("video list " + listFile, entries, labelNames(entries), settings);
    }

    private static List<VideoEntry> parse(Path listFile, Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read video list " + listFile + ": " + e, e);
        }
        List<VideoEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher parts = LINE.matcher(line);
            if (!parts.matches()) {
                throw malformed(listFile, i, line, "expected `path label`");
            }
            if (!LABEL.matcher(parts.group(2)).matches()) {
                throw malformed(listFile, i, line, "the label `" + parts.group(2) + "` is not a class index (a whole number >= 0)");
            }
            try {
                entries.add(new VideoEntry(root.resolve(parts.group(1)), Integer.parseInt(parts.group(2))));
            } catch (InvalidPathException e) {
                throw malformed(listFile, i, line, "the path is not valid (" + e.getReason() + ")");
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("Video list " + listFile + " names no video");
        }
        return entries;
    }

    private static IllegalArgumentException malformed(Path listFile, int lineIndex, String line, String reason) {
        return new IllegalArgumentException("Video list " + listFile + " line " + (lineIndex + 1) + ": " + reason + ", got `"
                + line + "`");
    }

    private static List<String> labelNames(List<VideoEntry> entries) {
        int largest = entries.stream().mapToInt(VideoEntry::label).max().orElse(-1);
        List<String> names = new ArrayList<>(largest + 1);
        for (int label = 0; label <= largest; label++) {
            names.add(Integer.toString(label));
        }
        return names;
    }
}
