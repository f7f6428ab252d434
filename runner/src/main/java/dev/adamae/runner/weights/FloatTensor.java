package dev.adamae.runner.weights;

import java.util.Arrays;

/**
 * A tensor's fp32 values in row-major order with its shape.
 *
 * @param shape the dimensions, outermost first
 * @param values the values, {@code product(shape)} of them
 */
public record FloatTensor(long[] shape, float[] values) {

    public FloatTensor {
        long count = 1;
        for (long size : shape) {
            count *= size;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + values.length);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FloatTensor tensor && Arrays.equals(tensor.shape, shape)
                && Arrays.equals(tensor.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
