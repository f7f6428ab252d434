package dev.adamae.runner.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.runner.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The output folder of a training run, the same for every command that trains: metrics,
 * resolved configuration, checkpoints and a JSON summary, each file written atomically.
 *
 * @param dir the folder
 * @param checkpoints the checkpoints in {@code dir/checkpoints}
 */
public record RunFolder(Path dir, CheckpointStore checkpoints) {

    /** The folder of the run's checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /** The run's whole resolved configuration. */
    public static final String CONFIG = "config.conf";

    /**
     * Opens the folder of a run.
     *
     * @param out the folder the user gave, or {@code null} for {@code runs/<name>-<time>}
     * @param name the default folder's name before the time, e.g. {@code tiny-tube}
     * @param keep checkpoints kept
     * @param resume whether the run continues the one in {@code out}
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
        return new RunFolder(dir, new CheckpointStore(dir.resolve(CHECKPOINTS), keep));
    }

    /**
     * Returns the checkpoint to resume from: the newest one with {@code resume}; none for a new run.
     *
     * @throws UsageException when there is nothing to resume, or a new run would overwrite an old one
     */
    public Optional<Path> resumePoint(boolean resume) {
        Optional<Path> newest = checkpoints.newest();
        if (resume) {
            if (newest.isEmpty()) {
                throw new UsageException("Nothing to resume: " + checkpoints.dir() + " holds no checkpoint");
            }
            return newest;
        }
        if (newest.isPresent() || Files.exists(metrics())) {
            throw new UsageException("Output folder " + dir + " already holds a run"
                    + newest.map(file -> " (newest checkpoint " + file.getFileName() + ")").orElse("")
                    + "; continue it with --resume, or choose another --out");
        }
        return Optional.empty();
    }

    /** Returns {@code dir/metrics.jsonl}. */
    public Path metrics() {
        return dir.resolve("metrics.jsonl");
    }

    /** Writes the resolved configuration to {@code dir/config.conf}. */
    public void writeConfig(Config config) {
        String rendered = config.withOnlyPath("adamae").root().render(
                ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
        writeAtomically(dir.resolve(CONFIG), "# The resolved configuration of this run.\n" + rendered);
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

    /** Writes {@code text} to {@code file} through a temporary file, so a reader never sees half of it. */
    public static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
