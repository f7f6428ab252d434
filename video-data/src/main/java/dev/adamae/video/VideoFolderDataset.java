package dev.adamae.video;

import dev.adamae.engine.data.VideoClip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The videos under a folder, searched recursively (following links) by file extension. A video's
 * label is the name of the first folder below the root on its path, e.g. {@code root/dog/a/x.mp4}
 * has class {@code dog}; class names are sorted, so a label does not depend on the order the file
 * system lists folders in. Videos directly in the root are unlabelled. Hidden files and folders
 * (names starting with a dot) are skipped.
 *
 * <p>A sub-folder that cannot be read (no permission, a link loop) is reported and skipped.
 */
public final class VideoFolderDataset extends VideoFileDataset {

    /**
     * Scans {@code root}.
     *
     * @param warnings receives one line for each folder that cannot be read
     * @throws IllegalArgumentException when {@code root} is not a readable folder or holds no video
     */
    public VideoFolderDataset(Path root, VideoDataSettings settings, Consumer<String> warnings) {
        this(root, settings, scan(root, settings, warnings));
    }

    private VideoFolderDataset(Path root, VideoDataSettings settings, List<Path> relativeFiles) {
        super("video folder " + root, entries(root, relativeFiles), classNames(relativeFiles), settings);
    }

    private static List<Path> scan(Path root, VideoDataSettings settings, Consumer<String> warnings) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Video folder " + root + (Files.exists(root) ? " is not a folder" : " does not exist"));
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    return !folder.equals(root) && hidden(folder) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!attributes.isDirectory() && !hidden(file) && settings.isVideoName(file.getFileName().toString())) {
                        found.add(root.relativize(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    String reason = e instanceof FileSystemLoopException ? "a link loops back to a folder above it"
                            : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    warnings.accept("Skipped unreadable folder " + file + " (" + reason + ")");
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search video folder " + root + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("Video folder " + root + " holds no video (searched for files ending in "
                    + settings.extensions() + ")");
        }
        // Sorted, so that index i is the same video on every machine.
        found.sort(null);
        return found;
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static List<String> classNames(List<Path> relativeFiles) {
        TreeSet<String> names = new TreeSet<>();
        for (Path file : relativeFiles) {
            if (file.getNameCount() > 1) {
                names.add(file.getName(0).toString());
            }
        }
        return List.copyOf(names);
    }

    private static List<VideoEntry> entries(Path root, List<Path> relativeFiles) {
        List<String> classNames = classNames(relativeFiles);
        List<VideoEntry> entries = new ArrayList<>(relativeFiles.size());
        for (Path file : relativeFiles) {
            int label = file.getNameCount() > 1 ? Collections.binarySearch(classNames, file.getName(0).toString())
                    : VideoClip.NO_LABEL;
            entries.add(new VideoEntry(root.resolve(file), label));
        }
        return entries;
    }
}
