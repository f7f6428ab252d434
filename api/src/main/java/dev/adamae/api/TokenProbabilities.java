package dev.adamae.api;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per clip, a categorical distribution over the tokens of the grid, as a learned sampler computes it.
 */
public final class TokenProbabilities {

    private static final double SUM_TOLERANCE = 1e-3;

    private final TokenGrid grid;
    private final double[][] values;

    /**
     * Creates the distributions, checking that each row is finite, non-negative and sums to 1.
     *
     * @param grid the token grid
     * @param values {@code [batch][tokenCount]}; copied
     */
    public TokenProbabilities(TokenGrid grid, double[][] values) {
        if (grid == null || values == null || values.length == 0) {
            throw new IllegalArgumentException("Token probabilities need a grid and at least one clip");
        }
        double[][] copy = new double[values.length][];
        for (int clip = 0; clip < values.length; clip++) {
            double[] row = values[clip];
            if (row == null || row.length != grid.tokenCount()) {
                throw new IllegalArgumentException("Clip " + clip + " has " + (row == null ? 0 : row.length)
                        + " token probabilities, the grid " + grid + " has " + grid.tokenCount() + " tokens");
            }
            double sum = 0;
            for (double p : row) {
                if (!(p >= 0) || Double.isInfinite(p)) {
                    throw new IllegalArgumentException("Clip " + clip + " has an invalid token probability " + p);
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new IllegalArgumentException("Clip " + clip + "'s token probabilities sum to " + sum + ", not 1");
            }
            copy[clip] = row.clone();
        }
        this.grid = grid;
        this.values = copy;
    }

    /** Reads the distributions from a {@code [batch, tokenCount]} array. */
    public static TokenProbabilities of(TokenGrid grid, INDArray matrix) {
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("Token probabilities must be [batch, tokens], got shape "
                    + Arrays.toString(matrix.shape()));
        }
        return new TokenProbabilities(grid, matrix.toDoubleMatrix());
    }

    public TokenGrid grid() {
        return grid;
    }

    public int batchSize() {
        return values.length;
    }

    /** Returns the distribution of clip {@code clip} over the grid's tokens. */
    public double[] clip(int clip) {
        return values[clip].clone();
    }
}
