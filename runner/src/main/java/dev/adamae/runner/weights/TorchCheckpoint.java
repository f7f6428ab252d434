package dev.adamae.runner.weights;

import dev.adamae.runner.weights.RestrictedUnpickler.TensorReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the state dict of a PyTorch checkpoint ({@code .pth}/{@code .pt}, the zip format
 * {@code torch.save} has written since PyTorch 1.6) without PyTorch and without running code.
 *
 * <p>The pickle in {@code <archive>/data.pkl} is read by {@link RestrictedUnpickler}; each tensor's
 * values are in {@code <archive>/data/<key>}, read only when asked for. A checkpoint that wraps
 * its state dict as {@code {"model": ...}}, {@code {"module": ...}} or {@code {"state_dict": ...}}
 * is unwrapped; what sits beside it (an {@code args} namespace, the optimiser's state, the epoch)
 * is read past as placeholders, and entries of the state dict that are not tensors are left out.
 */
public final class TorchCheckpoint implements StateDictFile {

    /** The keys a checkpoint may hold its state dict under, tried in this order. */
    public static final List<String> WRAPPERS = List.of("model", "module", "state_dict");

    private final Path file;
    private final ZipFile zip;
    private final String archive;
    private final Map<String, TensorEntry> entries;
    private final Map<String, TensorReference> tensors;
    /** The buffer contiguous tensors are read through, a slice at a time; made on the first read. */
    private byte[] slices;
    private float[] sliceValues;

    private TorchCheckpoint(Path file, ZipFile zip, String archive, Map<String, TensorEntry> entries,
            Map<String, TensorReference> tensors) {
        this.file = file;
        this.zip = zip;
        this.archive = archive;
        this.entries = Collections.unmodifiableMap(entries);
        this.tensors = tensors;
    }

    /** Tells whether a file starts as a zip archive does. */
    static boolean isZip(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens a PyTorch checkpoint and reads its pickle.
     *
     * @throws WeightFileException naming the file and the reason: not a zip, no pickle, a pickle
     *     that would run code, or no tensors
     */
    public static TorchCheckpoint open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightFileException("Weight file " + file + ": no such file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new WeightFileException("Weight file " + file + " is not a PyTorch checkpoint: not a readable zip ("
                    + e.getMessage() + ")", e);
        }
        try {
            ZipEntry pickle = zip.stream().filter(entry -> entry.getName().endsWith("data.pkl")
                    && entry.getName().indexOf('/') == entry.getName().lastIndexOf('/')).findFirst().orElse(null);
            if (pickle == null) {
                throw new WeightFileException("Weight file " + file + " is not a PyTorch checkpoint: its zip has no data.pkl");
            }
            String archive = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            ZipEntry byteOrder = zip.getEntry(archive + "byteorder");
            if (byteOrder != null) {
                String order = new String(zip.getInputStream(byteOrder).readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (!order.equals("little")) {
                    throw new WeightFileException("Weight file " + file + " was written with " + order
                            + "-endian tensors; only little-endian ones are read");
                }
            }
            String description = "PyTorch checkpoint " + file;
            Object root = RestrictedUnpickler.load(zip.getInputStream(pickle).readAllBytes(), description);
            Map<?, ?> stateDict = unwrap(root, description);
            Map<String, TensorEntry> entries = new LinkedHashMap<>();
            Map<String, TensorReference> tensors = new LinkedHashMap<>();
            stateDict.forEach((key, value) -> {
                if (key instanceof String name && value instanceof TensorReference tensor) {
                    entries.put(name, new TensorEntry(name, tensor.storage().dtype(), tensor.shape()));
                    tensors.put(name, tensor);
                }
            });
            if (entries.isEmpty()) {
                throw new WeightFileException(description + " holds no tensors where a state dict belongs");
            }
            return new TorchCheckpoint(file, zip, archive, entries, tensors);
        } catch (IOException e) {
            closeQuietly(zip);
            throw new WeightFileException("Weight file " + file + " cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static Map<?, ?> unwrap(Object root, String description) {
        if (!(root instanceof Map<?, ?> map)) {
            throw new WeightFileException(description + " holds a " + kind(root) + ", not a dict of tensors");
        }
        for (String wrapper : WRAPPERS) {
            if (map.get(wrapper) instanceof Map<?, ?> inner) {
                return inner;
            }
        }
        return map;
    }

    private static String kind(Object value) {
        return value instanceof RestrictedUnpickler.Opaque opaque ? opaque.description()
                : value == null ? "None" : value.getClass().getSimpleName();
    }

    @Override
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    @Override
    public float[] read(String name) {
        TensorEntry entry = entries.get(name);
        TensorReference tensor = tensors.get(name);
        DType type = floatingType(name);
        ZipEntry data = storageEntry(name, tensor);
        float[] stored;
        try (InputStream in = zip.getInputStream(data)) {
            byte[] bytes = in.readAllBytes();
            stored = new float[bytes.length / type.bytes()];
            type.readFloats(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), stored);
        } catch (IOException e) {
            throw new WeightFileException(description() + ": tensor " + name + " cannot be read: " + e.getMessage(), e);
        }
        return gather(name, stored, tensor);
    }

    /**
     * Returns the dtype of tensor {@code name}, which must be one read as floats.
     *
     * @throws IllegalArgumentException when the file has no such tensor
     * @throws WeightFileException when its dtype is not a floating one this reader converts
     */
    private DType floatingType(String name) {
        TensorEntry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException(description() + " has no tensor " + name);
        }
        DType type = DType.of(entry.dtype());
        if (type == null || !type.floating()) {
            throw SafeTensors.unreadable(description(), entry);
        }
        return type;
    }

    /**
     * Reads a tensor whose view is contiguous straight from its zip entry (stored, as torch.save
     * writes it, so read without inflating) through one buffer kept for the file, slice by slice;
     * any other view as {@link #read} does.
     */
    @Override
    public void readInto(String name, ByteBuffer target) {
        TensorEntry entry = entries.get(name);
        TensorReference tensor = tensors.get(name);
        DType type = floatingType(name);
        if (!isContiguous(tensor.shape(), tensor.stride()) || tensor.stride().length != tensor.shape().length) {
            StateDictFile.super.readInto(name, target);
            return;
        }
        if (4 * entry.elements() > target.capacity()) {
            throw new IllegalArgumentException("Tensor " + name + " has " + entry.elements() + " values, more than "
                    + target.capacity() / 4);
        }
        ZipEntry data = storageEntry(name, tensor);
        int count = (int) entry.elements();
        long stored = data.getSize() / type.bytes();
        if (count > 0 && (tensor.offset() < 0 || tensor.offset() + count > stored)) {
            throw new WeightFileException(description() + " is damaged: tensor " + name
                    + "'s view reaches past its storage of " + stored + " values");
        }
        if (slices == null) {
            slices = new byte[1 << 20];
            sliceValues = new float[slices.length / 2];
        }
        ByteBuffer into = target.duplicate().clear().order(ByteOrder.nativeOrder());
        boolean copy = type == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        java.nio.FloatBuffer floats = into.asFloatBuffer();
        try (InputStream in = zip.getInputStream(data)) {
            in.skipNBytes(tensor.offset() * type.bytes());
            int perSlice = slices.length / type.bytes();
            for (int done = 0; done < count; ) {
                int part = Math.min(count - done, perSlice);
                int bytes = part * type.bytes();
                if (in.readNBytes(slices, 0, bytes) != bytes) {
                    throw new IOException("its storage data/" + tensor.storage().key() + " ends early");
                }
                if (copy) {
                    into.put(slices, 0, bytes);
                } else {
                    type.readFloats(ByteBuffer.wrap(slices, 0, bytes).order(ByteOrder.LITTLE_ENDIAN), sliceValues, 0,
                            part);
                    floats.put(sliceValues, 0, part);
                }
                done += part;
            }
        } catch (IOException e) {
            throw new WeightFileException(description() + ": tensor " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    private ZipEntry storageEntry(String name, TensorReference tensor) {
        ZipEntry data = zip.getEntry(archive + "data/" + tensor.storage().key());
        if (data == null) {
            throw new WeightFileException(description() + " is damaged: tensor " + name + "'s storage data/"
                    + tensor.storage().key() + " is missing");
        }
        return data;
    }

    /** Copies a tensor's view of its storage (offset and strides) into row-major order. */
    private float[] gather(String name, float[] stored, TensorReference tensor) {
        long[] shape = tensor.shape();
        long[] stride = tensor.stride();
        long count = new TensorEntry(name, "F32", shape).elements();
        long last = tensor.offset();
        for (int axis = 0; axis < shape.length; axis++) {
            last += shape[axis] == 0 ? 0 : (shape[axis] - 1) * stride[axis];
        }
        if (count > 0 && (tensor.offset() < 0 || last >= stored.length || stride.length != shape.length)) {
            throw new WeightFileException(description() + " is damaged: tensor " + name
                    + "'s view reaches past its storage of " + stored.length + " values");
        }
        if (isContiguous(shape, stride)) {
            float[] values = new float[(int) count];
            System.arraycopy(stored, (int) tensor.offset(), values, 0, (int) count);
            return values;
        }
        float[] values = new float[(int) count];
        int[] index = new int[shape.length];
        for (int i = 0; i < values.length; i++) {
            long at = tensor.offset();
            for (int axis = 0; axis < shape.length; axis++) {
                at += index[axis] * stride[axis];
            }
            values[i] = stored[(int) at];
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    break;
                }
                index[axis] = 0;
            }
        }
        return values;
    }

    private static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            if (shape[axis] != 1 && stride[axis] != expected) {
                return false;
            }
            expected *= shape[axis];
        }
        return true;
    }

    @Override
    public String format() {
        return "pytorch";
    }

    @Override
    public String description() {
        return "PyTorch checkpoint " + file;
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // Nothing was written; nothing to lose.
        }
    }
}
