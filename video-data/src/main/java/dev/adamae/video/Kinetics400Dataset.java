package dev.adamae.video;

import dev.adamae.engine.data.VideoClip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Kinetics-400 as its annotation CSV files describe it: a header naming the columns
 * {@code label}, {@code youtube_id}, {@code time_start} and {@code time_end} (others, such as
 * {@code split}, are ignored; without {@code label} the videos are unlabelled), one video a line.
 * The video of a line is {@code <youtube_id>_<start>_<end>.mp4}, start and end in whole seconds
 * written with six digits, directly in the root or in the folder of its label, as the common
 * download scripts leave them.
 *
 * <p>The class names are the labels of the file, sorted: the usual 400 when the file holds every
 * class, as the official train and validation files do. A video found in neither place is
 * unreadable when read.
 */
public final class Kinetics400Dataset extends VideoFileDataset {

    /** The extension of the downloaded videos. */
    public static final String VIDEO_EXTENSION = ".mp4";

    private static final String LABEL = "label";
    private static final String YOUTUBE_ID = "youtube_id";
    private static final String TIME_START = "time_start";
    private static final String TIME_END = "time_end";

    /**
     * Reads the annotations.
     *
     * @param csv the annotation file, e.g. {@code train.csv}
     * @param videos the folder of the videos
     * @throws IllegalArgumentException when the header lacks a column or a line is malformed, naming the file and line
     * @throws UncheckedIOException when the file cannot be read
     */
    public Kinetics400Dataset(Path csv, Path videos, VideoDataSettings settings) {
        this(csv, videos, readRows(csv), settings);
    }

    private Kinetics400Dataset(Path csv, Path videos, List<Row> rows, VideoDataSettings settings) {
        super("kinetics-400 " + csv, entries(videos, rows, classNames(rows)), classNames(rows), settings);
    }

    /** One line of the file. */
    private record Row(String label, String youtubeId, int start, int end) {

        String fileName() {
            return String.format(Locale.ROOT, "%s_%06d_%06d%s", youtubeId, start, end, VIDEO_EXTENSION);
        }
    }

    private static List<Row> readRows(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Kinetics annotations " + csv + ": " + e, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty; expected a header such as label,youtube_id,time_start,time_end,split");
        }
        List<String> header = CsvLine.split(lines.get(0).strip());
        int label = header.indexOf(LABEL);
        int id = column(csv, header, YOUTUBE_ID);
        int start = column(csv, header, TIME_START);
        int end = column(csv, header, TIME_END);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> fields = CsvLine.split(line);
            if (fields.size() < header.size()) {
                throw malformed(csv, i, "expected " + header.size() + " fields as the header, got " + fields.size());
            }
            rows.add(new Row(label < 0 ? null : fields.get(label), fields.get(id), seconds(csv, i, fields.get(start)),
                    seconds(csv, i, fields.get(end))));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + " names no video");
        }
        return rows;
    }

    private static int column(Path csv, List<String> header, String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(csv + ": the header " + header + " lacks the column " + name);
        }
        return index;
    }

    /** Reads a time in seconds; the files write whole seconds, some tools add ".0". */
    private static int seconds(Path csv, int lineIndex, String text) {
        try {
            double seconds = Double.parseDouble(text);
            if (seconds >= 0 && seconds == Math.rint(seconds) && seconds < 1_000_000) {
                return (int) seconds;
            }
        } catch (NumberFormatException e) {
            // Reported below with the line.
        }
        throw malformed(csv, lineIndex, "the time `" + text + "` is not a whole number of seconds below 1000000");
    }

    private static IllegalArgumentException malformed(Path csv, int lineIndex, String reason) {
        return new IllegalArgumentException(csv + " line " + (lineIndex + 1) + ": " + reason);
    }

    private static List<String> classNames(List<Row> rows) {
        TreeSet<String> names = new TreeSet<>();
        for (Row row : rows) {
            if (row.label() != null) {
                names.add(row.label());
            }
        }
        return List.copyOf(names);
    }

    private static List<VideoEntry> entries(Path videos, List<Row> rows, List<String> classNames) {
        List<VideoEntry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Path flat = videos.resolve(row.fileName());
            Path file = flat;
            if (row.label() != null && !Files.exists(flat)) {
                Path inClassFolder = videos.resolve(row.label()).resolve(row.fileName());
                file = Files.exists(inClassFolder) ? inClassFolder : flat;
            }
            int label = row.label() == null ? VideoClip.NO_LABEL : Collections.binarySearch(classNames, row.label());
            entries.add(new VideoEntry(file, label));
        }
        return entries;
    }
}
