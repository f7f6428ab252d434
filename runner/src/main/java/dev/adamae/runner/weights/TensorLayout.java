package dev.adamae.runner.weights;

import dev.adamae.engine.ModelSettings;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How one of our variables is laid out beside its counterpart in a VideoMAE/AdaMAE state dict.
 */
public enum TensorLayout {

    /** The same shape and order: biases, layer norms' weights and biases, {@code q_bias}, {@code v_bias}. */
    SAME,

    /** Ours {@code [in, out]} (rows times weight), theirs nn.Linear's {@code [out, in]}. */
    TRANSPOSED,

    /**
     * The tokenizer: ours {@code [t * p * q * 3, D]}, rows in (frame, row, column, channel) order
     * with the channel fastest; theirs Conv3d's {@code [D, 3, t, p, q]}.
     */
    TOKENIZER,

    /** Theirs has one more leading axis of size 1: the mask token {@code [1, 1, Dd]}, the sampler's position embedding {@code [1, N, D]}. */
    LEADING_ONE;

    /** Returns the shape of the counterpart of a variable of shape {@code ours}. */
    public long[] foreignShape(long[] ours, ModelSettings model) {
        return switch (this) {
            case SAME -> ours.clone();
            case TRANSPOSED -> new long[] {ours[1], ours[0]};
            case TOKENIZER -> new long[] {ours[1], ModelSettings.CHANNELS, model.tubeletFrames(), model.tubeletHeight(),
                    model.tubeletWidth()};
            case LEADING_ONE -> {
                long[] shape = new long[ours.length + 1];
                shape[0] = 1;
                System.arraycopy(ours, 0, shape, 1, ours.length);
                yield shape;
            }
        };
    }

    /** Returns theirs, in their order, from our values {@code values} of shape {@code ours}. */
    public float[] toForeign(float[] values, long[] ours, ModelSettings model) {
        return switch (this) {
            case SAME, LEADING_ONE -> values;
            case TRANSPOSED -> transpose(values, (int) ours[0], (int) ours[1]);
            case TOKENIZER -> {
                float[] theirs = new float[values.length];
                tokenizer(model, (int) ours[1], (row, column) -> theirs[column] = values[row]);
                yield theirs;
            }
        };
    }

    /**
     * Puts their values into our order, for the layouts that differ in order
     * ({@link #TRANSPOSED}, {@link #TOKENIZER}); the others hold the same values in the same order.
     *
     * @param theirs their values, row-major in their shape, in the first values of the array
     * @param ours our shape
     * @param result receives our values in its first values
     */
    public void fromForeign(float[] theirs, long[] ours, ModelSettings model, float[] result) {
        switch (this) {
            // Theirs [out, in], ours [in, out].
            case TRANSPOSED -> transpose(theirs, (int) ours[1], (int) ours[0], result);
            case TOKENIZER -> tokenizer(model, (int) ours[1], (row, column) -> result[row] = theirs[column]);
            case SAME, LEADING_ONE -> {
                long count = 1;
                for (long size : ours) {
                    count *= size;
                }
                System.arraycopy(theirs, 0, result, 0, (int) count);
            }
        }
    }

    /**
     * Copies their tensor {@code theirs} (their shape and order) into our array {@code ours}.
     *
     * <p>On arrays, so that a large tensor is rearranged off the heap: the tokenizer's
     * {@code [D, 3, t, p, q]} becomes {@code [t, p, q, 3, D]} (a permutation) flattened to our rows.
     */
    public void assignFromForeign(INDArray theirs, INDArray ours) {
        switch (this) {
            case SAME -> ours.assign(theirs);
            case LEADING_ONE -> ours.assign(theirs.reshape(ours.shape()));
            case TRANSPOSED -> ours.assign(theirs.transpose());
            case TOKENIZER -> {
                try (INDArray kernel = theirs.permute(2, 3, 4, 1, 0).dup('c')) {
                    ours.assign(kernel.reshape('c', ours.shape()));
                }
            }
        }
    }

    private interface IndexPair {
        void accept(int ours, int theirs);
    }

    /** Visits every value's index in our tokenizer weight and in theirs. */
    private static void tokenizer(ModelSettings model, int width, IndexPair pair) {
        int frames = model.tubeletFrames();
        int rows = model.tubeletHeight();
        int columns = model.tubeletWidth();
        int channels = ModelSettings.CHANNELS;
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    for (int c = 0; c < channels; c++) {
                        int row = ((t * rows + y) * columns + x) * channels + c;
                        int kernel = ((c * frames + t) * rows + y) * columns + x;
                        int kernelSize = channels * frames * rows * columns;
                        for (int d = 0; d < width; d++) {
                            pair.accept(row * width + d, d * kernelSize + kernel);
                        }
                    }
                }
            }
        }
    }

    /** Transposes a row-major {@code [rows, columns]} matrix. */
    static float[] transpose(float[] values, int rows, int columns) {
        if ((long) rows * columns != values.length) {
            throw new IllegalArgumentException("A [" + rows + ", " + columns + "] matrix cannot hold " + values.length
                    + " values");
        }
        float[] result = new float[values.length];
        transpose(values, rows, columns, result);
        return result;
    }

    /**
     * Writes the transpose of the row-major {@code [rows, columns]} matrix in {@code values}' first
     * values into {@code result}'s, in tiles that stay in the processor's cache, each written
     * along its rows.
     */
    static void transpose(float[] values, int rows, int columns, float[] result) {
        int tile = 16;
        for (int c0 = 0; c0 < columns; c0 += tile) {
            int cEnd = Math.min(columns, c0 + tile);
            for (int r0 = 0; r0 < rows; r0 += tile) {
                int rEnd = Math.min(rows, r0 + tile);
                for (int c = c0; c < cEnd; c++) {
                    int row = c * rows;
                    for (int r = r0; r < rEnd; r++) {
                        result[row + r] = values[r * columns + c];
                    }
                }
            }
        }
    }

    /** Returns a shape as the messages print it. */
    static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}
