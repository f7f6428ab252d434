package dev.adamae.engine.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fixed 1-D sinusoid position codes over the flattened {@code (t, h, w)} token index.
 *
 * <p>{@code angle(pos, j) = pos / 10000^(2 * floor(j / 2) / width)}; the code is the sine of the
 * angle at even {@code j} and its cosine at odd {@code j}, as in the VideoMAE reference code.
 */
public final class PositionCodes {

    private static final double BASE = 10000.0;

    private PositionCodes() {
    }

    /** Returns the codes of tokens {@code 0 .. tokenCount - 1}, {@code [tokenCount, width]}, as floats. */
    public static INDArray sinusoid(int tokenCount, int width) {
        if (tokenCount < 1 || width < 1) {
            throw new IllegalArgumentException("Token count and width must be positive, got " + tokenCount + ", " + width);
        }
        float[] values = new float[tokenCount * width];
        for (int position = 0; position < tokenCount; position++) {
            for (int j = 0; j < width; j++) {
                // Computed in double so that large positions keep their precision before the cast.
                double angle = position / Math.pow(BASE, 2.0 * (j / 2) / width);
                values[position * width + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return Nd4j.create(values, new long[] {tokenCount, width}, DataType.FLOAT);
    }
}
