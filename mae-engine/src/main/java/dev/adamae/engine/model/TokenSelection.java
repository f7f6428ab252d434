package dev.adamae.engine.model;

import dev.adamae.api.TokenMask;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a mask into the one-hot selection matrices the graph picks tokens with.
 *
 * <p>Selection is a batched matrix product, not a gather, because SameDiff's gather ops have no
 * working gradient in ND4J 1.0.0-M2.1. Row {@code i} of a clip's matrix is one-hot at the
 * {@code i}-th selected token, in ascending token order.
 */
public final class TokenSelection {

    private TokenSelection() {
    }

    /** Returns the visible tokens' selection, {@code [B, V, N]}. */
    public static INDArray visible(TokenMask mask) {
        return oneHot(visibleTokens(mask), mask.grid().tokenCount());
    }

    /** Returns the hidden tokens' selection, {@code [B, M, N]}. */
    public static INDArray hidden(TokenMask mask) {
        return oneHot(hiddenTokens(mask), mask.grid().tokenCount());
    }

    /** Returns the decoded tokens' selection, {@code [B, R, N]}. */
    public static INDArray decoded(DecodedTokens decoded, int tokenCount) {
        return oneHot(decoded.rows(), tokenCount);
    }

    /** Returns each clip's visible tokens in ascending order, {@code [B][V]}. */
    static int[][] visibleTokens(TokenMask mask) {
        int[][] rows = new int[mask.batchSize()][];
        for (int clip = 0; clip < rows.length; clip++) {
            rows[clip] = mask.visible(clip);
        }
        return rows;
    }

    /** Returns each clip's hidden tokens in ascending order, {@code [B][M]}. */
    static int[][] hiddenTokens(TokenMask mask) {
        int[][] rows = new int[mask.batchSize()][];
        for (int clip = 0; clip < rows.length; clip++) {
            rows[clip] = mask.hidden(clip);
        }
        return rows;
    }

    private static INDArray oneHot(int[][] indices, int tokenCount) {
        int selected = indices[0].length;
        float[] values = new float[indices.length * selected * tokenCount];
        for (int clip = 0; clip < indices.length; clip++) {
            for (int row = 0; row < selected; row++) {
                values[(clip * selected + row) * tokenCount + indices[clip][row]] = 1f;
            }
        }
        return Nd4j.create(values, new long[] {indices.length, selected, tokenCount}, DataType.FLOAT);
    }
}
