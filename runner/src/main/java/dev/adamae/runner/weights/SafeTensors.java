package dev.adamae.runner.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length,
 * a JSON header naming each tensor's {@code dtype}, {@code shape} and {@code data_offsets} (from
 * the end of the header), then the raw little-endian bytes.
 *
 * <p>Written here rather than taken from a library: the format is this small, and no
 * well-kept Java reader of it is on Maven Central. F32, F16 and BF16 tensors are read, as fp32;
 * other types are listed but refused when read. Files are written in F32, tensors in the order
 * given, the header padded with spaces to a multiple of 8 bytes as the reference writer does.
 */
public final class SafeTensors implements StateDictFile {

    /** The header key of the file's free-form string metadata. */
    public static final String METADATA = "__metadata__";

    /** The largest header read: a guard against a damaged length field. */
    private static final long MAX_HEADER = 100L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> entries;
    private final Map<String, long[]> offsets;
    private final Map<String, String> metadata;
    /** The buffers F16 and BF16 tensors are read through, a slice at a time; made on the first such read. */
    private ByteBuffer slices;
    private float[] sliceValues;

    /** The size of a slice read at a time. */
    static final int SLICE_BYTES = 1 << 22;

    private SafeTensors(Path file, FileChannel channel, long dataStart, Map<String, TensorEntry> entries,
            Map<String, long[]> offsets, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = Collections.unmodifiableMap(entries);
        this.offsets = offsets;
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens a safetensors file and reads its header.
     *
     * @throws WeightFileException naming the file and what is wrong with it
     */
    public static SafeTensors open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightFileException("Weight file " + file + ": no such file");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (size < 8) {
                throw notSafetensors(file, "it is " + size + " bytes long, shorter than the 8-byte header length");
            }
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, length, 0);
            long headerLength = length.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw notSafetensors(file, "its header length " + headerLength + " does not fit its " + size + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            JsonNode root;
            try {
                root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw notSafetensors(file, "its header is not JSON (" + e.getOriginalMessage() + ")");
            }
            if (root == null || !root.isObject()) {
                throw notSafetensors(file, "its header is not a JSON object");
            }
            SafeTensors opened = parse(file, channel, 8 + headerLength, size - 8 - headerLength, root);
            channel = null;
            return opened;
        } catch (IOException e) {
            throw new WeightFileException("Weight file " + file + " cannot be read: " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Already failing with a clearer message.
                }
            }
        }
    }

    private static SafeTensors parse(Path file, FileChannel channel, long dataStart, long dataLength, JsonNode root) {
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Map<String, long[]> offsets = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals(METADATA)) {
                value.fields().forEachRemaining(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
                continue;
            }
            JsonNode dtype = value.get("dtype");
            JsonNode shape = value.get("shape");
            JsonNode range = value.get("data_offsets");
            if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || range == null
                    || !range.isArray() || range.size() != 2) {
                throw notSafetensors(file, "tensor " + name + " lacks a dtype, shape or data_offsets pair");
            }
            long[] dimensions = new long[shape.size()];
            for (int i = 0; i < dimensions.length; i++) {
                dimensions[i] = shape.get(i).asLong(-1);
            }
            TensorEntry entry;
            try {
                entry = new TensorEntry(name, dtype.asText(), dimensions);
            } catch (IllegalArgumentException e) {
                throw notSafetensors(file, e.getMessage());
            }
            long begin = range.get(0).asLong(-1);
            long end = range.get(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataLength) {
                throw notSafetensors(file, "tensor " + name + "'s data_offsets [" + begin + ", " + end
                        + "] fall outside its " + dataLength + " data bytes");
            }
            DType type = DType.of(entry.dtype());
            if (type != null && end - begin != entry.elements() * type.bytes()) {
                throw notSafetensors(file, "tensor " + name + " is " + entry.dtype() + " of shape "
                        + java.util.Arrays.toString(dimensions) + " but holds " + (end - begin) + " bytes");
            }
            entries.put(name, entry);
            offsets.put(name, new long[] {begin, end});
        }
        return new SafeTensors(file, channel, dataStart, entries, offsets, metadata);
    }

    @Override
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    /** Returns the header's string metadata. */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public float[] read(String name) {
        TensorEntry entry = floatingEntry(name);
        if (entry.elements() > Integer.MAX_VALUE / 4 - 8) {
            throw new WeightFileException(description() + ": tensor " + name + " has " + entry.elements()
                    + " values, more than one Java array holds");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) (4 * entry.elements())).order(ByteOrder.nativeOrder());
        readInto(name, bytes);
        float[] values = new float[(int) entry.elements()];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /**
     * Reads the tensor by positional reads: F32 straight into {@code target}, F16 and BF16
     * through one buffer kept for the file, slice by slice. The file is never mapped, so its
     * pages count in the system's cache, not in this process's memory.
     */
    @Override
    public void readInto(String name, ByteBuffer target) {
        TensorEntry entry = floatingEntry(name);
        DType type = DType.of(entry.dtype());
        long count = entry.elements();
        if (4 * count > target.capacity()) {
            throw new IllegalArgumentException("Tensor " + name + " has " + count + " values, more than "
                    + target.capacity() / 4);
        }
        long position = dataStart + offsets.get(name)[0];
        ByteBuffer into = target.duplicate().clear().order(ByteOrder.nativeOrder());
        try {
            if (type == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                readFully(channel, into.limit((int) (4 * count)), position);
                return;
            }
            if (slices == null) {
                slices = ByteBuffer.allocateDirect(SLICE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                sliceValues = new float[SLICE_BYTES / 2];
            }
            java.nio.FloatBuffer floats = into.asFloatBuffer();
            int perSlice = SLICE_BYTES / type.bytes();
            for (long done = 0; done < count; ) {
                int part = (int) Math.min(count - done, perSlice);
                slices.clear().limit(part * type.bytes());
                readFully(channel, slices, position);
                position += (long) part * type.bytes();
                type.readFloats(slices.flip(), sliceValues, 0, part);
                floats.put(sliceValues, 0, part);
                done += part;
            }
        } catch (IOException e) {
            throw new WeightFileException(description() + ": tensor " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Returns the entry of tensor {@code name}, refusing a missing one and one whose values are not floats. */
    private TensorEntry floatingEntry(String name) {
        TensorEntry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException(description() + " has no tensor " + name);
        }
        DType type = DType.of(entry.dtype());
        if (type == null || !type.floating()) {
            throw unreadable(description(), entry);
        }
        return entry;
    }

    /** Reads the tensor's bytes straight into the memory of a new array, slice by slice for F16 and BF16. */
    @Override
    public INDArray readArray(String name) {
        TensorEntry entry = floatingEntry(name);
        DType type = DType.of(entry.dtype());
        INDArray array = Nd4j.create(DataType.FLOAT, entry.shape());
        if (entry.elements() == 0) {
            return array;
        }
        ByteBuffer target = array.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        target.clear().limit((int) (4 * entry.elements()));
        long position = dataStart + offsets.get(name)[0];
        try {
            if (type == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                readFully(channel, target, position);
                return array;
            }
            int chunk = 1 << 18;
            ByteBuffer buffer = ByteBuffer.allocate(chunk * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[chunk];
            java.nio.FloatBuffer floats = target.asFloatBuffer();
            for (long done = 0; done < entry.elements();) {
                int count = (int) Math.min(entry.elements() - done, chunk);
                buffer.clear().limit(count * type.bytes());
                readFully(channel, buffer, position);
                position += (long) count * type.bytes();
                buffer.flip();
                float[] part = count == chunk ? values : new float[count];
                type.readFloats(buffer, part);
                floats.put(part, 0, count);
                done += count;
            }
        } catch (IOException e) {
            array.close();
            throw new WeightFileException(description() + ": tensor " + name + " cannot be read: " + e.getMessage(), e);
        }
        return array;
    }

    static WeightFileException unreadable(String description, TensorEntry entry) {
        return new WeightFileException(description + ": tensor " + entry.name() + " has dtype " + entry.dtype()
                + "; only " + TensorEntry.READABLE + " are read");
    }

    @Override
    public String format() {
        return "safetensors";
    }

    @Override
    public String description() {
        return "safetensors file " + file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes tensors as F32 to {@code file}, through a temporary file renamed into place.
     *
     * @param tensors the tensors by name, in the order to write them
     * @param metadata free-form strings for the header's {@value #METADATA}
     */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", "F32");
            long[] shape = entry.getValue().shape();
            node.putArray("shape").addAll(java.util.Arrays.stream(shape).mapToObj(JSON.getNodeFactory()::numberNode)
                    .toList());
            long bytes = 4L * entry.getValue().values().length;
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer start = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
                start.putLong(padded).put(json);
                while (start.hasRemaining()) {
                    start.put((byte) ' ');
                }
                writeFully(out, start.flip());
                ByteBuffer buffer = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
                for (FloatTensor tensor : tensors.values()) {
                    float[] values = tensor.values();
                    for (int done = 0; done < values.length;) {
                        int count = Math.min(values.length - done, buffer.capacity() / 4);
                        buffer.clear();
                        buffer.asFloatBuffer().put(values, done, count);
                        buffer.limit(count * 4);
                        writeFully(out, buffer);
                        done += count;
                    }
                }
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WeightFileException("Weight file " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static WeightFileException notSafetensors(Path file, String reason) {
        return new WeightFileException("Weight file " + file + " is not a readable safetensors file: " + reason);
    }
}
