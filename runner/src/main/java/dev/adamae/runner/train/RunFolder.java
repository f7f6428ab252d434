package dev.adamae.runner.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.adamae.engine.train.AtomicFiles;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.runner.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The output folder of a training run, the same for every command that trains: metrics,
 * resolved configuration, checkpoints and a JSON summary, each file written atomically.
 *
 * <p>One process at a time writes a run folder: {@link #lock} takes {@code DIR/.lock}, which the
 * operating system releases when the process ends, however it ends.
 *
 * @param dir the folder
 * @param checkpoints the checkpoints in {@code dir/checkpoints}
 */
public record RunFolder(Path dir, CheckpointStore checkpoints) {

    /** The folder of the run's checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /** The run's whole resolved configuration. */
    public static final String CONFIG = "config.conf";

    /** The file whose lock says which process writes the folder. */
    public static final String LOCK = ".lock";

    /** The first line of a run's {@code config.conf}, which tells a run's folder from any other. */
    static final String CONFIG_HEADER = "# The resolved configuration of this run.";

    /**
     * Opens the folder of a run; nothing is created yet.
     *
     * @param out the folder the user gave, or {@code null} for {@code runs/<name>-<time>}
     * @param name the default folder's name before the time, e.g. {@code tiny-tube}
     * @param keep checkpoints kept
     * @param resume whether the run continues the one in {@code out}
     * @throws UsageException when {@code out} is a file
     */
    public static RunFolder open(Path out, String name, int keep, boolean resume) {
        Path dir = out;
        if (dir == null) {
            if (resume) {
                throw new UsageException("--resume needs --out DIR: the folder of the run to continue");
            }
            String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            dir = Path.of("runs", name.replaceAll("[^A-Za-z0-9-]", "_") + "-" + time);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("Output folder " + dir + " is a file, not a folder; choose another --out");
        }
        return new RunFolder(dir, new CheckpointStore(dir.resolve(CHECKPOINTS), keep));
    }

    /**
     * Makes this process the folder's one writer until the lock is closed, creating the folder
     * if needed; a folder this created and that holds nothing else when the lock is closed is
     * removed again, so a refused start leaves no trace.
     *
     * @throws UsageException when another process writes the folder, or it cannot be written
     */
    public Lock lock() {
        return lock(dir);
    }

    /**
     * Makes this process the one writer of {@code dir} (a run's folder or a benchmark's) until the
     * lock is closed, as {@link #lock()} does.
     *
     * @throws UsageException when another process writes the folder, or it cannot be written
     */
    public static Lock lock(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("Output folder " + dir + " is a file, not a folder; choose another --out");
        }
        Path absolute = dir.toAbsolutePath();
        boolean created = !Files.exists(absolute);
        Path file = dir.resolve(LOCK);
        FileChannel channel = null;
        try {
            Files.createDirectories(absolute);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw busy(dir);
            }
            return new Lock(dir, channel, lock, created);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw busy(dir);
        } catch (IOException e) {
            close(channel);
            throw new UsageException("Output folder " + dir + " cannot be written: " + AtomicFiles.reason(e), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    private static UsageException busy(Path dir) {
        return new UsageException("Output folder " + dir + " is in use by another adamae process (it holds "
                + dir.resolve(LOCK) + "); wait for it to end, or choose another --out");
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock either way; there is nothing more to do.
            }
        }
    }

    /** The lock of a run folder: while it is open, no other process writes the folder. */
    public static final class Lock implements AutoCloseable {

        private final Path dir;
        private final FileChannel channel;
        private final FileLock lock;
        private final boolean created;

        private Lock(Path dir, FileChannel channel, FileLock lock, boolean created) {
            this.dir = dir;
            this.channel = channel;
            this.lock = lock;
            this.created = created;
        }

        @Override
        public void close() {
            try {
                // The lock file goes, while still held, only with the folder this lock created.
                if (created && entries(dir).equals(List.of(LOCK))) {
                    Files.deleteIfExists(dir.resolve(LOCK));
                    Files.deleteIfExists(dir);
                }
                lock.release();
            } catch (IOException | UncheckedIOException e) {
                // The lock is released when the channel closes, below; a folder left is harmless.
            } finally {
                RunFolder.close(channel);
            }
        }
    }

    /**
     * Returns the checkpoint to resume from: the newest one with {@code resume}; none for a new
     * run, or for a run stopped before its first checkpoint, which starts again from step 0.
     *
     * @throws UsageException when there is nothing to resume, or a new run would overwrite an old
     *     run or someone's files
     */
    public Optional<Path> resumePoint(boolean resume) {
        Optional<Path> newest = checkpoints.newest();
        if (resume) {
            if (newest.isEmpty() && !holdsRun()) {
                throw new UsageException("Nothing to resume: " + dir + " holds no run");
            }
            return newest;
        }
        if (holdsRun()) {
            throw new UsageException("Output folder " + dir + " already holds a run"
                    + newest.map(file -> " (newest checkpoint " + file.getFileName() + ")")
                            .orElse(" (stopped before its first checkpoint)")
                    + "; continue it with --resume, or choose another --out");
        }
        List<String> entries = entries(dir);
        entries.remove(LOCK);
        if (!entries.isEmpty()) {
            throw new UsageException("Output folder " + dir + " holds files that are not a run's ("
                    + String.join(", ", entries.subList(0, Math.min(entries.size(), 5)))
                    + (entries.size() > 5 ? ", ..." : "") + "); a run needs a new or empty folder");
        }
        return Optional.empty();
    }

    /** Tells whether the folder holds a run: checkpoints, metrics, or a run's configuration. */
    public boolean holdsRun() {
        if (checkpoints.newest().isPresent() || Files.exists(metrics())) {
            return true;
        }
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(config, StandardCharsets.ISO_8859_1)) {
            return CONFIG_HEADER.equals(reader.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> entries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(file -> file.getFileName().toString()).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + AtomicFiles.reason(e), e);
        }
    }

    /** Returns {@code dir/metrics.jsonl}. */
    public Path metrics() {
        return dir.resolve("metrics.jsonl");
    }

    /** Writes the resolved configuration to {@code dir/config.conf}. */
    public void writeConfig(Config config) {
        String rendered = config.withOnlyPath("adamae").root().render(
                ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
        writeAtomically(dir.resolve(CONFIG), CONFIG_HEADER + "\n" + rendered);
    }

    /** Writes {@code fields} as indented JSON to {@code dir/name}. */
    public Path writeJson(String name, Map<String, Object> fields) {
        return writeJson(dir.resolve(name), fields);
    }

    /** Writes {@code fields} as indented JSON to {@code file}, atomically. */
    public static Path writeJson(Path file, Map<String, Object> fields) {
        try {
            writeAtomically(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(fields) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code text} to {@code file} so that a reader, a kill or a power cut sees the old
     * text or the new, never half of it ({@link AtomicFiles}).
     */
    public static void writeAtomically(Path file, String text) {
        AtomicFiles.writeString(file, text);
    }
}
