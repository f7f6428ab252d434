package dev.adamae.engine.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a reader, a kill or a power cut sees either its old content or its new
 * one, never a mix: the new content goes to a hidden temporary file beside it, which is synced to
 * disk, renamed over the file in one atomic move, and then the folder is synced, so that the
 * rename itself survives a power cut.
 *
 * <p>A failure (a full disk, a read-only folder, or the content's own exception) removes the
 * temporary file and leaves the old file as it was; an I/O failure's message names the file and
 * the cause in one line.
 */
public final class AtomicFiles {

    /** What writes a file's new content. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code out}, which the caller closes. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code file} with {@code text} in UTF-8, atomically. */
    public static void writeString(Path file, String text) {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Replaces {@code file} with what {@code content} writes, atomically and durably.
     *
     * @throws UncheckedIOException naming the file and the cause; the file is then unchanged and
     *     no temporary file is left
     */
    public static void write(Path file, Content content) {
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = temporaryOf(file);
        try {
            Files.createDirectories(folder);
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(folder);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("Cannot write " + file + ": " + reason(e), e);
        } catch (RuntimeException e) {
            // The content failed (a weight file that cannot be read midway): no half file is left.
            deleteQuietly(temporary);
            throw e;
        }
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The first failure is the one to report; the temporary file is hidden and is
            // overwritten by the next write of this file.
        }
    }

    /** Returns the hidden temporary file that {@code file}'s new content is written to. */
    public static Path temporaryOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".tmp");
    }

    /**
     * Syncs a folder's entries to disk, so that files created, renamed or deleted in it survive a
     * power cut.
     */
    public static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException e) {
            // Some platforms cannot open a folder as a channel; there the rename is all we can do.
        }
    }

    /**
     * Returns the cause of an I/O failure in a few words, e.g. {@code No space left on device},
     * {@code permission denied}, {@code not a folder}.
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied" + other(e);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder" + other(e);
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder" + other(e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way" + other(e);
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason() + other(e);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Names the file a failure concerns when it is not the one the message names already. */
    private static String other(IOException e) {
        return e instanceof FileSystemException fileSystem && fileSystem.getFile() != null
                ? " (" + fileSystem.getFile() + ")" : "";
    }
}
