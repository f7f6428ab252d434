package dev.adamae.runner.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An open weight file: its tensors' names, types and shapes at once, their values on request, so
 * that a file is never held in memory whole.
 */
public interface StateDictFile extends AutoCloseable {

    /** Returns the file's tensors by name, in the file's order. */
    Map<String, TensorEntry> entries();

    /**
     * Returns a tensor's values as fp32, row-major.
     *
     * @throws WeightFileException when the tensor's type is not one of {@link TensorEntry#READABLE}
     *     or its bytes cannot be read
     */
    float[] read(String name);

    /**
     * Reads a tensor's values as fp32, row-major, in the machine's byte order, into
     * {@code target} from its first byte (its position and limit are not used), through buffers
     * the reader keeps from one tensor to the next: what import streams a file by, one tensor in
     * memory at a time, off the heap where {@code target} is.
     *
     * @param target at least four bytes per value
     * @throws WeightFileException as {@link #read}
     */
    default void readInto(String name, ByteBuffer target) {
        float[] values = read(name);
        target.duplicate().clear().order(ByteOrder.nativeOrder()).asFloatBuffer().put(values);
    }

    /**
     * Returns a tensor's values as an fp32 array of its shape, off the heap: what import copies
     * into a model, without a second copy of a large tensor on the heap where a reader can avoid it.
     *
     * @throws WeightFileException as {@link #read}
     */
    default INDArray readArray(String name) {
        return Nd4j.create(read(name), entries().get(name).shape(), DataType.FLOAT);
    }

    /** Returns the file's format, for a checkpoint's manifest: {@code safetensors} or {@code pytorch}. */
    String format();

    /** Returns what to call the file in messages, e.g. {@code safetensors file w.safetensors}. */
    String description();

    @Override
    void close();

    /**
     * Opens a weight file, choosing the reader by its first bytes: a zip is PyTorch's own format,
     * anything else must be safetensors.
     *
     * @throws WeightFileException when the file is missing or in neither format
     */
    static StateDictFile open(Path file) {
        if (TorchCheckpoint.isZip(file)) {
            return TorchCheckpoint.open(file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".bin")) {
            if (java.nio.file.Files.isRegularFile(file)) {
                throw new WeightFileException("Weight file " + file + " is not a zip archive: PyTorch's legacy "
                        + "(pre-1.6) format is not read; re-save it with torch.save in a recent PyTorch, or as safetensors");
            }
        }
        return SafeTensors.open(file);
    }
}
