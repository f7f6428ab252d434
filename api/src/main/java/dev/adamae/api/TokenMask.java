package dev.adamae.api;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The visible tokens of every clip of a batch.
 *
 * <p>Each clip's visible indices are strictly ascending, within the grid and never repeated;
 * every clip has the same number of them, at least one, and at least one token stays hidden.
 */
public final class TokenMask {

    private final TokenGrid grid;
    private final int[][] visible;

    /**
     * Creates a mask, checking every rule above.
     *
     * @param grid the token grid of the clips
     * @param visible per clip, its visible token indices; copied
     */
    public TokenMask(TokenGrid grid, int[][] visible) {
        if (grid == null) {
            throw new IllegalArgumentException("A mask needs a token grid");
        }
        if (visible == null || visible.length == 0) {
            throw new IllegalArgumentException("A mask needs at least one clip");
        }
        int count = visible[0] == null ? 0 : visible[0].length;
        if (count < 1 || count >= grid.tokenCount()) {
            throw new IllegalArgumentException("A mask must leave between 1 and " + (grid.tokenCount() - 1)
                    + " of the " + grid.tokenCount() + " tokens visible, got " + count);
        }
        int[][] copy = new int[visible.length][];
        for (int clip = 0; clip < visible.length; clip++) {
            int[] row = visible[clip];
            if (row == null || row.length != count) {
                throw new IllegalArgumentException("Clip " + clip + " has " + (row == null ? 0 : row.length)
                        + " visible tokens but clip 0 has " + count + "; every clip must have the same count");
            }
            for (int i = 0; i < row.length; i++) {
                if (row[i] < 0 || row[i] >= grid.tokenCount()) {
                    throw new IllegalArgumentException("Clip " + clip + ": visible token " + row[i]
                            + " is outside the grid " + grid + " (" + grid.tokenCount() + " tokens)");
                }
                if (i > 0 && row[i] <= row[i - 1]) {
                    throw new IllegalArgumentException("Clip " + clip + ": visible tokens must be strictly ascending, but "
                            + row[i] + " follows " + row[i - 1]);
                }
            }
            copy[clip] = row.clone();
        }
        this.grid = grid;
        this.visible = copy;
    }

    /**
     * Creates a mask by drawing each clip's visible tokens in turn, clip 0 first.
     *
     * @param perClip returns the ascending visible indices of the clip it is given
     */
    public static TokenMask ofClips(TokenGrid grid, int batchSize, IntFunction<int[]> perClip) {
        int[][] visible = new int[batchSize][];
        for (int clip = 0; clip < batchSize; clip++) {
            visible[clip] = perClip.apply(clip);
        }
        return new TokenMask(grid, visible);
    }

    public TokenGrid grid() {
        return grid;
    }

    public int batchSize() {
        return visible.length;
    }

    /** Returns the number of visible tokens of each clip. */
    public int visibleCount() {
        return visible[0].length;
    }

    /** Returns the number of hidden tokens of each clip. */
    public int hiddenCount() {
        return grid.tokenCount() - visibleCount();
    }

    /** Returns the ascending visible token indices of clip {@code clip}. */
    public int[] visible(int clip) {
        return visible[clip].clone();
    }

    /** Returns the ascending hidden token indices of clip {@code clip}. */
    public int[] hidden(int clip) {
        int[] hidden = new int[hiddenCount()];
        int next = 0;
        int v = 0;
        int[] row = visible[clip];
        for (int token = 0; token < grid.tokenCount(); token++) {
            if (v < row.length && row[v] == token) {
                v++;
            } else {
                hidden[next++] = token;
            }
        }
        return hidden;
    }

    /** Tells whether token {@code token} of clip {@code clip} is visible. */
    public boolean isVisible(int clip, int token) {
        return Arrays.binarySearch(visible[clip], token) >= 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenMask mask && grid.equals(mask.grid) && Arrays.deepEquals(visible, mask.visible);
    }

    @Override
    public int hashCode() {
        return 31 * grid.hashCode() + Arrays.deepHashCode(visible);
    }

    @Override
    public String toString() {
        return "TokenMask[grid=" + grid + ", batch=" + batchSize() + ", visible=" + visibleCount() + "]";
    }
}
