package dev.adamae.engine.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    /** The largest step a checkpoint's name can hold. */
    static final long MAX_STEP = 999_999_999L;

    static final Pattern NAME = Pattern.compile("step-(\\d{9})\\.ckpt");
    static final String MANIFEST = "manifest.properties";
    static final String PARAMETERS = "parameters/";
    static final String FIRST_MOMENTS = "adamw/first/";
    static final String SECOND_MOMENTS = "adamw/second/";
    static final String IDENTITY_PREFIX = "run.";

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

    /**
     * Writes {@code state} atomically and durably, then deletes all but the newest {@code keep}
     * checkpoints.
     *
     * @throws TrainingDivergedException when a weight or moment is not finite: such a state is
     *     never written, so every checkpoint is one a run can go on from
     */
    public Path write(TrainingState state) {
        Path target = fileOf(state.step());
        checkFinite(state);
        writeFile(target, state);
        prune();
        return target;
    }

    /**
     * Writes {@code state} to {@code target} atomically and durably: to a temporary file beside
     * it, synced, renamed into place, and the folder synced; a failed write leaves no temporary
     * file and the old {@code target}, if any, as it was.
     */
    public static void writeFile(Path target, TrainingState state) {
        CheckpointWriter.write(target, state);
    }

    private void checkFinite(TrainingState state) {
        Map<String, Map<String, INDArray>> groups = new LinkedHashMap<>();
        groups.put("weight", state.parameters());
        groups.put("first moment of", state.firstMoments());
        groups.put("second moment of", state.secondMoments());
        for (Map.Entry<String, Map<String, INDArray>> group : groups.entrySet()) {
            for (Map.Entry<String, INDArray> entry : new TreeMap<>(group.getValue()).entrySet()) {
                INDArray array = entry.getValue();
                if (array.isNaN().any() || array.isInfinite().any()) {
                    throw new TrainingDivergedException("The " + group.getKey() + " " + entry.getKey()
                            + " is not finite after step " + state.step() + ", so no checkpoint was written; the last "
                            + "good checkpoint is " + newest().map(Path::toString)
                                    .orElse("none (no checkpoint was written yet)"));
                }
            }
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
        return CheckpointReader.read(file, Map.of(), null);
    }

    /**
     * Reads a checkpoint file for a model whose arrays have the given shapes: an array of
     * another shape is refused from its header, before it is allocated.
     *
     * @param shapes the model's parameters' shapes by name
     * @throws CheckpointException when the file is missing, truncated, damaged, not a checkpoint,
     *     or holds an array of another shape
     */
    public static TrainingState read(Path file, Map<String, long[]> shapes) {
        return CheckpointReader.read(file, shapes, null);
    }

    /**
     * Checks that a checkpoint belongs to the run described by {@code identity}: every property
     * either has, with the same value. A property only one of them has (one a run sets only when
     * it uses a feature, such as a decoder mask) differs too.
     *
     * @throws CheckpointException naming the first property that differs
     */
    public static void checkIdentity(Path file, TrainingState state, Properties identity) {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(identity.stringPropertyNames());
        keys.addAll(state.identity().stringPropertyNames());
        for (String key : keys) {
            String ours = identity.getProperty(key);
            String theirs = state.identity().getProperty(key);
            if (!java.util.Objects.equals(ours, theirs)) {
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
     * @return the checkpoint's state: its step, and what its batches skipped
     * @throws CheckpointException naming the file and the first thing that does not fit
     */
    public static TrainingState restore(Path file, Properties identity, Map<String, INDArray> parameters, AdamW optimiser) {
        Map<String, long[]> shapes = new TreeMap<>();
        parameters.forEach((name, array) -> shapes.put(name, array.shape()));
        TrainingState state = CheckpointReader.read(file, shapes, identity);
        checkIdentity(file, state, identity);
        if (state.optimiserUpdates() > 0) {
            for (String name : parameters.keySet()) {
                if (!state.firstMoments().containsKey(name)) {
                    throw new CheckpointException("Checkpoint " + file + " cannot resume a run: it has no optimiser "
                            + "state for " + name + " (a checkpoint for evaluation only, or a damaged one)");
                }
            }
        }
        CheckpointWeights.restore(file, state, parameters);
        optimiser.restore(state.optimiserUpdates(), state.firstMoments(), state.secondMoments());
        return state;
    }

    static Properties manifest(long step, long optimiserUpdates, int parameters, Properties identity, DataSkips skips) {
        Properties manifest = new Properties();
        manifest.setProperty("format", FORMAT);
        manifest.setProperty("format-version", FORMAT_VERSION);
        manifest.setProperty("step", Long.toString(step));
        manifest.setProperty("optimiser-updates", Long.toString(optimiserUpdates));
        manifest.setProperty("parameters", Integer.toString(parameters));
        identity.forEach((key, value) -> manifest.setProperty(IDENTITY_PREFIX + key, value.toString()));
        skips.fields().forEach(manifest::setProperty);
        return manifest;
    }

    static Properties identity(Properties manifest) {
        Properties identity = new Properties();
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith(IDENTITY_PREFIX)) {
                identity.setProperty(key.substring(IDENTITY_PREFIX.length()), manifest.getProperty(key));
            }
        }
        return identity;
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
