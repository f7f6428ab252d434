package dev.adamae.engine.train;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.Deflater;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A folder of checkpoints, {@code step-<n>.ckpt}, each a zip of a manifest, the weights and the
 * optimiser's state.
 *
 * <p>A checkpoint is written to a hidden temporary file, flushed to disk, then renamed into
 * place in one atomic move: a kill at any moment leaves either the previous newest checkpoint
 * or the new one, never a half-written file under a checkpoint's name. Reading checks every
 * entry's checksum (a truncated or damaged file is refused) and that the file is ours.
 */
public final class CheckpointStore {

    /** The format name every checkpoint's manifest carries. */
    public static final String FORMAT = "adamae-checkpoint";
    /** The version of the checkpoint format this build writes and reads. */
    public static final String FORMAT_VERSION = "1";

    private static final Pattern NAME = Pattern.compile("step-(\\d{9})\\.ckpt");
    private static final String MANIFEST = "manifest.properties";
    private static final String PARAMETERS = "parameters/";
    private static final String FIRST_MOMENTS = "adamw/first/";
    private static final String SECOND_MOMENTS = "adamw/second/";
    private static final String IDENTITY_PREFIX = "run.";

    private final Path dir;
    private final int keep;

    /**
     * Creates the store.
     *
     * @param dir the folder of the checkpoints
     * @param keep how many of the newest checkpoints to keep; older ones are deleted after a write
     */
    public CheckpointStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    public Path dir() {
        return dir;
    }

    /** Returns the file the checkpoint of step {@code step} is written to. */
    public Path fileOf(long step) {
        return dir.resolve(String.format("step-%09d.ckpt", step));
    }

    /** Returns the checkpoint files, oldest first. */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> NAME.matcher(path.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list checkpoints in " + dir, e);
        }
    }

    /** Returns the newest checkpoint file, if there is one. */
    public Optional<Path> newest() {
        List<Path> files = list();
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(files.size() - 1));
    }

    /** Writes {@code state} atomically, then deletes all but the newest {@code keep} checkpoints. */
    public Path write(TrainingState state) {
        Path target = fileOf(state.step());
        writeFile(target, state);
        prune();
        return target;
    }

    /**
     * Writes {@code state} to {@code target} atomically: to a hidden temporary file beside it,
     * flushed to disk, then renamed into place.
     */
    public static void writeFile(Path target, TrainingState state) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = parent.resolve("." + target.getFileName() + ".tmp");
            try (OutputStream file = Files.newOutputStream(temporary);
                    ZipOutputStream zip = new ZipOutputStream(file)) {
                // Stored, not compressed: float weights shrink by about 7% under deflate, which took
                // more than half of the write (tiny: 1.7 to 1.9 s against 0.7 to 0.9 s for 36 MB).
                zip.setLevel(Deflater.NO_COMPRESSION);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                manifest(state).store(zip, "AdaMAE-J checkpoint");
                zip.closeEntry();
                writeArrays(zip, PARAMETERS, state.parameters());
                writeArrays(zip, FIRST_MOMENTS, state.firstMoments());
                writeArrays(zip, SECOND_MOMENTS, state.secondMoments());
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    private void prune() {
        List<Path> files = list();
        for (int i = 0; i < files.size() - keep; i++) {
            try {
                Files.deleteIfExists(files.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete old checkpoint " + files.get(i), e);
            }
        }
    }

    /**
     * Reads a checkpoint file.
     *
     * @throws CheckpointException when the file is missing, truncated, damaged or not a checkpoint
     */
    public static TrainingState read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("Checkpoint " + file + ": no such file");
        }
        Properties manifest = null;
        Map<String, INDArray> parameters = new TreeMap<>();
        Map<String, INDArray> first = new TreeMap<>();
        Map<String, INDArray> second = new TreeMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                byte[] bytes = zip.readAllBytes();
                String name = entry.getName();
                if (name.equals(MANIFEST)) {
                    manifest = new Properties();
                    manifest.load(new ByteArrayInputStream(bytes));
                } else if (name.startsWith(PARAMETERS)) {
                    parameters.put(name.substring(PARAMETERS.length()), readArray(bytes));
                } else if (name.startsWith(FIRST_MOMENTS)) {
                    first.put(name.substring(FIRST_MOMENTS.length()), readArray(bytes));
                } else if (name.startsWith(SECOND_MOMENTS)) {
                    second.put(name.substring(SECOND_MOMENTS.length()), readArray(bytes));
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new CheckpointException("Checkpoint " + file + " is damaged or truncated (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("Checkpoint " + file + " cannot be read (" + e.getMessage() + ")", e);
        }
        if (manifest == null || !FORMAT.equals(manifest.getProperty("format"))) {
            throw new CheckpointException("Checkpoint " + file + " is not an AdaMAE-J checkpoint (no "
                    + FORMAT + " manifest)");
        }
        if (!FORMAT_VERSION.equals(manifest.getProperty("format-version"))) {
            throw new CheckpointException("Checkpoint " + file + " has format version "
                    + manifest.getProperty("format-version") + "; this build reads version " + FORMAT_VERSION);
        }
        int expected = Integer.parseInt(manifest.getProperty("parameters", "-1"));
        if (parameters.size() != expected) {
            throw new CheckpointException("Checkpoint " + file + " is damaged or truncated: it holds "
                    + parameters.size() + " of its " + expected + " parameters");
        }
        return new TrainingState(Long.parseLong(manifest.getProperty("step")), identity(manifest), parameters,
                Long.parseLong(manifest.getProperty("optimiser-updates")), first, second);
    }

    /**
     * Checks that a checkpoint belongs to the run described by {@code identity}.
     *
     * @throws CheckpointException naming the first property that differs
     */
    public static void checkIdentity(Path file, TrainingState state, Properties identity) {
        for (String key : new TreeMap<>(identity).keySet().stream().map(Object::toString).toList()) {
            String ours = identity.getProperty(key);
            String theirs = state.identity().getProperty(key);
            if (!ours.equals(theirs)) {
                throw new CheckpointException("Checkpoint " + file + " was made by another run: its " + key + " is "
                        + theirs + ", this run's is " + ours);
            }
        }
    }

    /**
     * Restores a run from {@code file}: checks the identity, then every parameter's presence and
     * shape, and only then copies the weights into {@code parameters} and the moments into
     * {@code optimiser}; nothing is changed when a check fails.
     *
     * @param parameters the model's live parameters by name, assigned in place
     * @return the steps the checkpoint had done
     * @throws CheckpointException naming the file and the first thing that does not fit
     */
    public static long restore(Path file, Properties identity, Map<String, INDArray> parameters, AdamW optimiser) {
        TrainingState state = read(file);
        checkIdentity(file, state, identity);
        CheckpointWeights.restore(file, state, parameters);
        optimiser.restore(state.optimiserUpdates(), state.firstMoments(), state.secondMoments());
        return state.step();
    }

    private static Properties manifest(TrainingState state) {
        Properties manifest = new Properties();
        manifest.setProperty("format", FORMAT);
        manifest.setProperty("format-version", FORMAT_VERSION);
        manifest.setProperty("step", Long.toString(state.step()));
        manifest.setProperty("optimiser-updates", Long.toString(state.optimiserUpdates()));
        manifest.setProperty("parameters", Integer.toString(state.parameters().size()));
        state.identity().forEach((key, value) -> manifest.setProperty(IDENTITY_PREFIX + key, value.toString()));
        return manifest;
    }

    private static Properties identity(Properties manifest) {
        Properties identity = new Properties();
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith(IDENTITY_PREFIX)) {
                identity.setProperty(key.substring(IDENTITY_PREFIX.length()), manifest.getProperty(key));
            }
        }
        return identity;
    }

    private static void writeArrays(ZipOutputStream zip, String prefix, Map<String, INDArray> arrays)
            throws IOException {
        // Nd4j.write writes value by value: buffered, straight into the zip (never closed here, as
        // that would close the zip), rather than through a copy of each array on the heap.
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
        for (Map.Entry<String, INDArray> entry : new TreeMap<>(arrays).entrySet()) {
            zip.putNextEntry(new ZipEntry(prefix + entry.getKey()));
            Nd4j.write(entry.getValue(), out);
            out.flush();
            zip.closeEntry();
        }
    }

    private static INDArray readArray(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return Nd4j.read(in);
        }
    }

    /** Returns the steps of the checkpoints in the folder, oldest first. */
    public List<Long> steps() {
        List<Long> steps = new ArrayList<>();
        for (Path file : list()) {
            Matcher matcher = NAME.matcher(file.getFileName().toString());
            if (matcher.matches()) {
                steps.add(Long.parseLong(matcher.group(1)));
            }
        }
        return steps;
    }
}
