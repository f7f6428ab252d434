package dev.adamae.engine.train;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a checkpoint entry by entry, each array's values in bulk, so that a checkpoint can be
 * made from arrays that come one at a time (an import converts a weight file tensor by tensor)
 * without all of them in memory at once.
 *
 * <p>The format is the one {@link CheckpointReader} reads (version {@value CheckpointStore#FORMAT_VERSION}):
 * a zip of {@code manifest.properties} and one entry per array holding exactly the bytes
 * {@code Nd4j.write} writes for it (the shape buffer, then the data buffer: a header and the
 * values, big-endian). Each array's values are converted and checksummed in one pass over a
 * buffer rather than written value by value, and the entries are stored, not deflated (float
 * weights shrink by about 7% under deflate, which took more than half of a write); a zip reader
 * reads both alike.
 *
 * <p>Like every checkpoint it is written atomically and durably ({@link AtomicFiles}).
 */
public final class CheckpointWriter {

    /** Writes a checkpoint's parameters, one {@link #parameter} call each, in any order. */
    @FunctionalInterface
    public interface Parameters {
        /** Writes every parameter to {@code out}. */
        void writeTo(CheckpointWriter out) throws IOException;
    }

    /** The most bytes handed to the file in one write. */
    private static final int WRITE_BYTES = 1 << 20;

    private final ZipOutputStream zip;
    /** The entry being written, big-endian as Nd4j.write writes; grown to the largest entry. */
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);
    private final CRC32 crc = new CRC32();
    private final Set<String> parameters = new HashSet<>();

    private CheckpointWriter(ZipOutputStream zip) {
        this.zip = zip;
    }

    /**
     * Writes a checkpoint of weights alone, at step 0 and without optimiser state (what an
     * import makes: weights to fine-tune, test, probe or export), atomically and durably.
     *
     * @param identity the run's description for the manifest
     * @param count how many parameters {@code parameters} writes
     * @param parameters writes them, each at most once
     * @throws IllegalStateException when {@code parameters} writes another number of them;
     *     nothing is left at {@code target} then, as after any failure
     */
    public static void writeWeights(Path target, Properties identity, int count, Parameters parameters) {
        write(target, CheckpointStore.manifest(0, 0, count, identity, DataSkips.NONE), count, parameters);
    }

    /** Writes {@code state}: its weights, then its moments, each group sorted by name. */
    static void write(Path target, TrainingState state) {
        write(target, CheckpointStore.manifest(state.step(), state.optimiserUpdates(), state.parameters().size(),
                state.identity(), state.skips()), state.parameters().size(), out -> {
                    out.arrays(CheckpointStore.PARAMETERS, state.parameters());
                    out.arrays(CheckpointStore.FIRST_MOMENTS, state.firstMoments());
                    out.arrays(CheckpointStore.SECOND_MOMENTS, state.secondMoments());
                });
    }

    private static void write(Path target, Properties manifest, int count, Parameters content) {
        AtomicFiles.write(target, file -> {
            OutputStream buffered = new BufferedOutputStream(file, 1 << 16);
            try (ZipOutputStream zip = new ZipOutputStream(buffered)) {
                CheckpointWriter out = new CheckpointWriter(zip);
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                manifest.store(text, "AdaMAE-J checkpoint");
                out.entry(CheckpointStore.MANIFEST, text.toByteArray(), null);
                content.writeTo(out);
                if (out.parameters.size() != count) {
                    throw new IllegalStateException("A checkpoint of " + count + " parameters was given "
                            + out.parameters.size());
                }
            }
        });
    }

    /**
     * Writes parameter {@code name}: an fp32 array of {@code shape} whose values are
     * {@code values}' remaining ones in row-major order (read, not consumed).
     *
     * @throws IllegalArgumentException when the values do not fill the shape, or the name was written
     */
    public void parameter(String name, long[] shape, FloatBuffer values) throws IOException {
        parameter(name, shape, 'c', values);
    }

    /**
     * Writes parameter {@code name}: an fp32 array of {@code shape} whose values are
     * {@code values}' remaining ones in {@code order}: {@code 'c'} row-major, {@code 'f'}
     * column-major (the first index fastest; what a reader gets back is then an array in that
     * order, of the same shape and values).
     *
     * @throws IllegalArgumentException when the values do not fill the shape, or the name was written
     */
    public void parameter(String name, long[] shape, char order, FloatBuffer values) throws IOException {
        if (order != 'c' && order != 'f') {
            throw new IllegalArgumentException("Parameter " + name + ": order '" + order + "' is neither 'c' nor 'f'");
        }
        long count = 1;
        for (long size : shape) {
            count = Math.multiplyExact(count, size);
        }
        if (values.remaining() != count) {
            throw new IllegalArgumentException("Parameter " + name + " of shape " + Arrays.toString(shape) + " has "
                    + count + " values, given " + values.remaining());
        }
        if (!parameters.add(name)) {
            throw new IllegalArgumentException("Parameter " + name + " is written twice");
        }
        // Written by hand: writing an import's checkpoint never starts ND4J.
        entry(CheckpointStore.PARAMETERS + name, ArrayHeader.float32(shape, order), values);
    }

    /** Writes arrays under {@code prefix}, sorted by name. */
    private void arrays(String prefix, Map<String, INDArray> arrays) throws IOException {
        for (Map.Entry<String, INDArray> named : new TreeMap<>(arrays).entrySet()) {
            if (prefix.equals(CheckpointStore.PARAMETERS)) {
                parameters.add(named.getKey());
            }
            INDArray array = named.getValue().isView() ? named.getValue().dup() : named.getValue();
            DataBuffer data = array.data();
            if (array.dataType() != DataType.FLOAT || data.length() > Integer.MAX_VALUE / 4) {
                // Other types (none of ours) as Nd4j.write writes them, value by value.
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    Nd4j.write(array, out);
                }
                entry(prefix + named.getKey(), bytes.toByteArray(), null);
                continue;
            }
            FloatBuffer values = data.asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            values.limit((int) data.length());
            entry(prefix + named.getKey(), header(array.shapeInfoDataBuffer(), data.allocationMode().name(),
                    data.length()), values);
        }
    }

    /** The bytes Nd4j.write puts before an fp32 array's values: the shape buffer whole, the data buffer's header. */
    private static byte[] header(DataBuffer shapeInfo, String allocationMode, long count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            shapeInfo.write(out);
            out.writeUTF(allocationMode);
            out.writeLong(count);
            out.writeUTF(DataType.FLOAT.name());
        }
        return bytes.toByteArray();
    }

    /**
     * Writes one stored entry: {@code head}, then {@code values} (or nothing) as big-endian fp32.
     * A stored entry's checksum and size precede its bytes, so the entry is put together whole in
     * a buffer kept for the next one (as large as the largest array), checksummed, then written.
     */
    private void entry(String name, byte[] head, FloatBuffer values) throws IOException {
        long size = head.length + (values == null ? 0 : 4L * values.remaining());
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Array " + name + " is " + size + " bytes, more than one entry holds");
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate((int) Math.max(size, Math.min(Integer.MAX_VALUE - 8, 2L * buffer.capacity())));
        }
        buffer.clear();
        buffer.put(head);
        if (values != null) {
            buffer.asFloatBuffer().put(values.duplicate());
        }
        buffer.limit((int) size);
        crc.reset();
        crc.update(buffer.array(), 0, (int) size);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        // In pieces: a file channel copies each write through a temporary buffer of its size.
        for (int done = 0; done < size; done += WRITE_BYTES) {
            zip.write(buffer.array(), done, (int) Math.min(WRITE_BYTES, size - done));
        }
        zip.closeEntry();
    }
}
