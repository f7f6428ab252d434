package dev.adamae.engine.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a checkpoint with bounded memory, checking every entry and manifest field before any of
 * it is used.
 *
 * <p>Checkpoints are written uncompressed, so what a file inflates to is about its own size: the
 * reader refuses a file whose entries inflate to more than {@link #INFLATION} times its size (a
 * zip bomb) as soon as they do, and an array whose header declares more values than its entry
 * holds, or another shape than the model's, before the array is allocated.
 */
final class CheckpointReader {

    /** How many times its own size a checkpoint may inflate to (ours: about 1; deflated ones: 1.1). */
    static final long INFLATION = 4;
    private static final long SLACK = 1 << 20;
    private static final int MAX_MANIFEST = 1 << 20;
    private static final int MAX_ENTRIES = 100_000;
    private static final int MAX_RANK = 32;
    /** The bytes of an array's header beyond its shape: two buffer headers. */
    private static final int HEADER_BYTES = 256;

    private final Path file;
    private final Map<String, long[]> shapes;
    private long budget;

    private CheckpointReader(Path file, Map<String, long[]> shapes, long budget) {
        this.file = file;
        this.shapes = shapes;
        this.budget = budget;
    }

    /**
     * Reads {@code file}.
     *
     * @param shapes the shapes the model expects by parameter name; an entry not named here is
     *     bounded by the file's size alone
     * @param identity the run the checkpoint must belong to, checked as soon as the manifest is
     *     read (before the arrays are), or {@code null}
     */
    static TrainingState read(Path file, Map<String, long[]> shapes, Properties identity) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("Checkpoint " + file + ": no such file");
        }
        try {
            return new CheckpointReader(file, shapes, INFLATION * Files.size(file) + SLACK).read(identity);
        } catch (ZipException | EOFException e) {
            throw new CheckpointException("Checkpoint " + file + " is damaged or truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new CheckpointException("Checkpoint " + file + " cannot be read (" + AtomicFiles.reason(e) + ")", e);
        }
    }

    private TrainingState read(Properties identity) throws IOException {
        Properties manifest = null;
        Map<String, INDArray> parameters = new TreeMap<>();
        Map<String, INDArray> first = new TreeMap<>();
        Map<String, INDArray> second = new TreeMap<>();
        Set<String> seen = new TreeSet<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (!seen.add(name)) {
                    throw damaged("it holds " + name + " twice");
                }
                if (seen.size() > MAX_ENTRIES) {
                    throw damaged("it holds more than " + MAX_ENTRIES + " entries");
                }
                if (name.equals(CheckpointStore.MANIFEST)) {
                    manifest = new Properties();
                    manifest.load(new ByteArrayInputStream(bytes(zip, name, MAX_MANIFEST)));
                    checkManifest(manifest);
                    if (identity != null) {
                        CheckpointStore.checkIdentity(file, new TrainingState(0, CheckpointStore.identity(manifest),
                                Map.of(), 0, Map.of(), Map.of()), identity);
                    }
                } else if (name.startsWith(CheckpointStore.PARAMETERS)) {
                    put(parameters, zip, name, CheckpointStore.PARAMETERS);
                } else if (name.startsWith(CheckpointStore.FIRST_MOMENTS)) {
                    put(first, zip, name, CheckpointStore.FIRST_MOMENTS);
                } else if (name.startsWith(CheckpointStore.SECOND_MOMENTS)) {
                    put(second, zip, name, CheckpointStore.SECOND_MOMENTS);
                } else {
                    throw notOurs("it holds " + name + ", which no checkpoint has");
                }
            }
        }
        if (manifest == null) {
            throw notOurs("no " + CheckpointStore.FORMAT + " manifest");
        }
        long step = Long.parseLong(manifest.getProperty("step"));
        long updates = Long.parseLong(manifest.getProperty("optimiser-updates"));
        int expected = Integer.parseInt(manifest.getProperty("parameters"));
        if (parameters.size() != expected) {
            throw damaged("it holds " + parameters.size() + " of its " + expected + " parameters");
        }
        if (!first.keySet().equals(second.keySet())) {
            throw damaged("its optimiser state has first moments for " + first.size() + " parameters and second "
                    + "moments for " + second.size());
        }
        if (updates > 0 && !first.keySet().equals(parameters.keySet())) {
            throw damaged("its optimiser state (" + updates + " updates) has moments for " + first.size() + " of its "
                    + parameters.size() + " parameters");
        }
        for (Map.Entry<String, INDArray> moment : first.entrySet()) {
            INDArray parameter = parameters.get(moment.getKey());
            if (parameter == null || !Arrays.equals(parameter.shape(), moment.getValue().shape())
                    || !Arrays.equals(parameter.shape(), second.get(moment.getKey()).shape())) {
                throw damaged("its optimiser state for " + moment.getKey() + " does not match that parameter");
            }
        }
        return new TrainingState(step, CheckpointStore.identity(manifest), parameters, updates, first, second,
                skips(manifest));
    }

    /** Checks every field of the manifest that is not the run's description. */
    private void checkManifest(Properties manifest) {
        if (!CheckpointStore.FORMAT.equals(manifest.getProperty("format"))) {
            throw notOurs("no " + CheckpointStore.FORMAT + " manifest");
        }
        if (!CheckpointStore.FORMAT_VERSION.equals(manifest.getProperty("format-version"))) {
            throw new CheckpointException("Checkpoint " + file + " has format version "
                    + manifest.getProperty("format-version") + "; this build reads version "
                    + CheckpointStore.FORMAT_VERSION);
        }
        long step = wholeNumber(manifest, "step", 0, CheckpointStore.MAX_STEP);
        wholeNumber(manifest, "optimiser-updates", 0, step);
        wholeNumber(manifest, "parameters", 1, MAX_ENTRIES);
        Matcher name = CheckpointStore.NAME.matcher(file.getFileName().toString());
        if (name.matches() && Long.parseLong(name.group(1)) != step) {
            throw damaged("its manifest says step " + step + " but its name says step " + Long.parseLong(name.group(1)));
        }
        skips(manifest);
        for (String key : manifest.stringPropertyNames()) {
            if (!key.startsWith(CheckpointStore.IDENTITY_PREFIX) && !key.startsWith(DataSkips.PREFIX) && !Set.of("format", "format-version", "step",
                    "optimiser-updates", "parameters").contains(key)) {
                throw damaged("its manifest has an unknown field " + key);
            }
        }
    }

    private DataSkips skips(Properties manifest) {
        Map<String, String> fields = new TreeMap<>();
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith(DataSkips.PREFIX)) {
                fields.put(key, manifest.getProperty(key));
            }
        }
        try {
            return DataSkips.of(fields);
        } catch (IllegalArgumentException e) {
            throw damaged(e.getMessage());
        }
    }

    private long wholeNumber(Properties manifest, String key, long min, long max) {
        String value = manifest.getProperty(key);
        if (value == null) {
            throw damaged("its manifest has no " + key);
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                manifest.setProperty(key, Long.toString(number));
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw damaged("its manifest's " + key + " is '" + value + "', not a whole number from " + min + " to " + max);
    }

    private void put(Map<String, INDArray> arrays, ZipInputStream zip, String entry, String prefix) throws IOException {
        String name = entry.substring(prefix.length());
        long[] shape = shapes.get(name);
        long cap = shape == null ? budget : Math.min(budget, HEADER_BYTES + 8 * numberOfValues(shape));
        byte[] bytes = bytes(zip, entry, cap);
        long[] declared = declaredShape(bytes, entry);
        if (shape != null && !Arrays.equals(shape, declared)) {
            throw new CheckpointException("Checkpoint " + file + " does not fit this model: " + name + " is "
                    + Arrays.toString(declared) + ", the model's " + Arrays.toString(shape));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            arrays.put(name, Nd4j.read(in));
        }
    }

    /** Reads one entry whole, refusing it as soon as it inflates beyond {@code cap} or the file's budget. */
    private byte[] bytes(ZipInputStream zip, String entry, long cap) throws IOException {
        long limit = Math.min(cap, budget);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        for (int read; (read = zip.read(chunk)) > 0; ) {
            total += read;
            if (total > limit) {
                throw damaged(entry + " inflates to more than " + limit + " bytes, more than "
                        + (limit == budget ? "a checkpoint of " + Files.size(file) + " bytes can hold (a zip bomb?)"
                                : "the model's array of that name needs"));
            }
            out.write(chunk, 0, read);
        }
        budget -= total;
        return out.toByteArray();
    }

    /**
     * Returns the shape an array entry declares, after checking that the entry holds exactly the
     * values it declares (ND4J's format: the shape buffer, then the data buffer, each a header of
     * allocation mode, length and type, then the values).
     */
    private long[] declaredShape(byte[] bytes, String entry) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readUTF();
            long length = in.readLong();
            DataType shapeType = dataType(in.readUTF(), entry);
            if (length < 4 || length > 2 * MAX_RANK + 4 || shapeType != DataType.LONG) {
                throw damaged(entry + " has no valid array header");
            }
            long[] info = new long[(int) length];
            for (int i = 0; i < info.length; i++) {
                info[i] = in.readLong();
            }
            int rank = (int) info[0];
            if (info[0] < 0 || 2 * info[0] + 4 != length) {
                throw damaged(entry + " has no valid array header");
            }
            long[] shape = Arrays.copyOfRange(info, 1, 1 + rank);
            long values = numberOfValues(shape);
            in.readUTF();
            long declared = in.readLong();
            DataType type = dataType(in.readUTF(), entry);
            if (values < 0 || declared != values || type.width() <= 0) {
                throw damaged(entry + " declares " + declared + " values of " + type + " for shape "
                        + Arrays.toString(shape));
            }
            long held = in.available();
            if (held != values * type.width()) {
                throw damaged(entry + " declares " + values + " values (" + values * type.width() + " bytes) but holds "
                        + held + " bytes");
            }
            return shape;
        } catch (EOFException | UTFDataFormatException e) {
            throw damaged(entry + " has no valid array header");
        }
    }

    /** Returns the number of values of an array of {@code shape}, or -1 when a size is negative or it overflows. */
    private static long numberOfValues(long[] shape) {
        long values = 1;
        for (long size : shape) {
            if (size < 0 || (size > 0 && values > Long.MAX_VALUE / 8 / size)) {
                return -1;
            }
            values *= size;
        }
        return values;
    }

    private DataType dataType(String name, String entry) {
        try {
            return DataType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw damaged(entry + " has an unknown data type " + name);
        }
    }

    private CheckpointException damaged(String what) {
        return new CheckpointException("Checkpoint " + file + " is damaged or truncated: " + what);
    }

    private CheckpointException notOurs(String what) {
        return new CheckpointException("Checkpoint " + file + " is not an AdaMAE-J checkpoint (" + what + ")");
    }
}
