package dev.adamae.runner.weights;

import java.util.Arrays;

/**
 * One tensor of a weight file as its header or pickle describes it, before its values are read.
 *
 * @param name the key in the state dict
 * @param dtype the element type in safetensors' spelling ({@code F32}, {@code F16}, {@code BF16},
 *     {@code I64}, ...)
 * @param shape the dimensions, outermost first
 */
public record TensorEntry(String name, String dtype, long[] shape) {

    /** The element types that are read, each converted to fp32. */
    public static final String READABLE = "F32, F16 and BF16";

    public TensorEntry {
        shape = shape.clone();
        for (long size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("Tensor " + name + " has a negative dimension: " + Arrays.toString(shape));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Returns the number of elements. */
    public long elements() {
        long count = 1;
        for (long size : shape) {
            count = Math.multiplyExact(count, size);
        }
        return count;
    }

    /** Tells whether the values can be read as fp32. */
    public boolean readable() {
        return DType.of(dtype) != null && DType.of(dtype).floating();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorEntry entry && entry.name.equals(name) && entry.dtype.equals(dtype)
                && Arrays.equals(entry.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
