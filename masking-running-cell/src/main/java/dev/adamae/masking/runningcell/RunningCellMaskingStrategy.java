package dev.adamae.masking.runningcell;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;

/**
 * Running-cell masking, as in Wang et al., "VideoMAE V2: Scaling Video Masked Autoencoders with
 * Dual Masking" (arXiv:2303.16727), where it chooses the tokens the decoder reconstructs.
 *
 * <p>Each time slice is tiled with 2x2 cells of tokens, from the top-left corner. The four tokens
 * of a cell are numbered in reading order, {@code c = 2 * (y % 2) + (x % 2)}. A clip draws one
 * starting step {@code s} in {@code [0, 4)}, uniformly; in time slice {@code t} the cell's
 * phase is {@code (s + t + 1) % 4} (VideoMAE V2 advances its cell once before the first slice)
 * and token {@code c} of every cell is visible when {@code (c + phase) % 4 >= m}, with
 * {@code m = 4 x ratio} the tokens each cell hides. From one slice to the next the visible tokens
 * thus step back by one in reading order: at 0.75 the one visible token runs through
 * {@code c = 2, 1, 0, 3, 2, ...} for {@code s = 0}.
 *
 * <p>A cell has four tokens, so the ratio must be 0.25, 0.5 or 0.75 (up to
 * {@link MaskRatio#EPSILON}); other ratios are refused. VideoMAE V2 instead hides
 * {@code int(4 x ratio)} tokens per cell, so that 0.9 there hides 3 of 4.
 *
 * <p>When the grid's height or width is odd, the cells of the bottom row or right column are cut
 * (VideoMAE V2 supports even grids only). The share of a time slice that is visible then varies
 * with the phase, and a clip's visible count is the same whatever its starting step only over
 * whole cycles of 4 time slices: such a grid needs a multiple of 4 time slices and is refused
 * otherwise. On every accepted grid exactly {@code T' x H' x W' x (4 - m) / 4} tokens of a clip
 * stay visible.
 */
public final class RunningCellMaskingStrategy implements MaskingStrategy {

    /** The number of tokens in a cell, and the number of time slices in which the cell's phase comes round. */
    static final int CELL_TOKENS = 4;

    private final double defaultRatio;

    public RunningCellMaskingStrategy(double defaultRatio) {
        this.defaultRatio = MaskRatio.check(defaultRatio);
        hiddenPerCell(defaultRatio);
    }

    @Override
    public double defaultRatio() {
        return defaultRatio;
    }

    /**
     * Returns how many of the 4 tokens of a cell the ratio hides.
     *
     * @throws IllegalArgumentException naming the ratio when it is not 0.25, 0.5 or 0.75
     */
    static int hiddenPerCell(double ratio) {
        MaskRatio.check(ratio);
        double share = ratio * CELL_TOKENS;
        long hidden = Math.round(share);
        if (Math.abs(share - hidden) > MaskRatio.EPSILON || hidden < 1 || hidden >= CELL_TOKENS) {
            throw new IllegalArgumentException("Mask ratio " + ratio + " is not a whole share of a 2x2 cell "
                    + "(1, 2 or 3 of its 4 tokens hidden): use 0.25, 0.5 or 0.75");
        }
        return (int) hidden;
    }

    @Override
    public int visibleCount(TokenGrid grid, double ratio) {
        int hidden = hiddenPerCell(ratio);
        boolean cutCells = grid.height() % 2 != 0 || grid.width() % 2 != 0;
        if (cutCells && grid.frames() % CELL_TOKENS != 0) {
            throw new IllegalArgumentException("Mask ratio " + ratio + " on grid " + grid + ": running-cell cuts its "
                    + "2x2 cells at the odd height or width, which keeps the visible count the same for every clip "
                    + "only with a multiple of 4 time slices, not " + grid.frames());
        }
        long visible = (long) grid.tokenCount() * (CELL_TOKENS - hidden) / CELL_TOKENS;
        return MaskRatio.checkVisible((int) visible, grid, ratio, "cells");
    }

    @Override
    public TokenMask sample(MaskRequest request) {
        TokenGrid grid = request.grid();
        int count = visibleCount(grid, request.ratio());
        int hidden = hiddenPerCell(request.ratio());
        return TokenMask.ofClips(grid, request.batchSize(), clip -> {
            int start = request.random().nextInt(CELL_TOKENS);
            int[] visible = new int[count];
            int next = 0;
            for (int t = 0; t < grid.frames(); t++) {
                int phase = (start + t + 1) % CELL_TOKENS;
                for (int y = 0; y < grid.height(); y++) {
                    for (int x = 0; x < grid.width(); x++) {
                        int cellToken = 2 * (y % 2) + (x % 2);
                        if ((cellToken + phase) % CELL_TOKENS >= hidden) {
                            visible[next++] = grid.index(t, y, x);
                        }
                    }
                }
            }
            if (next != count) {
                throw new IllegalStateException("running-cell drew " + next + " visible tokens on grid " + grid
                        + " where " + count + " were counted");
            }
            return visible;
        });
    }
}
