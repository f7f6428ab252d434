package dev.adamae.api;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initial values of trainable variables, drawn on the host from a seeded generator so that the
 * same seed gives the same weights on any backend and in any order of graph construction.
 */
public final class Initializers {

    private Initializers() {
    }

    /** Returns FLOAT values drawn uniformly from {@code [-bound, bound]}. */
    public static INDArray uniform(RandomGenerator random, double bound, long... shape) {
        float[] values = new float[length(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        return Nd4j.create(values, shape, DataType.FLOAT);
    }

    /** Returns Xavier-uniform weights {@code [in, out]}: bound {@code sqrt(6 / (in + out))}. */
    public static INDArray xavierUniform(RandomGenerator random, int in, int out) {
        return uniform(random, Math.sqrt(6.0 / (in + out)), in, out);
    }

    /** Returns FLOAT values from a normal distribution with mean 0, cut off at two standard deviations. */
    public static INDArray truncatedNormal(RandomGenerator random, double std, long... shape) {
        float[] values = new float[length(shape)];
        for (int i = 0; i < values.length; i++) {
            double draw;
            do {
                draw = random.nextGaussian();
            } while (Math.abs(draw) > 2);
            values[i] = (float) (draw * std);
        }
        return Nd4j.create(values, shape, DataType.FLOAT);
    }

    private static int length(long... shape) {
        long length = 1;
        for (long size : shape) {
            if (size < 1) {
                throw new IllegalArgumentException("Shape sizes must be positive, got " + java.util.Arrays.toString(shape));
            }
            length *= size;
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Too many values for one array: " + java.util.Arrays.toString(shape));
        }
        return (int) length;
    }
}
