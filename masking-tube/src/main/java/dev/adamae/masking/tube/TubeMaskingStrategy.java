package dev.adamae.masking.tube;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenSampling;

/**
 * Tube masking, as in Tong et al., "VideoMAE" (arXiv:2203.12602): each clip hides
 * {@code floor(H'W' x ratio)} spatial positions, chosen uniformly, in every one of its time
 * slices; {@code T' x (H'W' - floor(H'W' x ratio))} tokens stay visible.
 */
public final class TubeMaskingStrategy implements MaskingStrategy {

    private final double defaultRatio;

    public TubeMaskingStrategy(double defaultRatio) {
        this.defaultRatio = MaskRatio.check(defaultRatio);
    }

    @Override
    public double defaultRatio() {
        return defaultRatio;
    }

    @Override
    public int visibleCount(TokenGrid grid, double ratio) {
        return MaskRatio.checkVisible(grid.frames() * visiblePositions(grid, ratio), grid, ratio, "tubes");
    }

    private static int visiblePositions(TokenGrid grid, double ratio) {
        return grid.sliceSize() - MaskRatio.hiddenOf(grid.sliceSize(), ratio);
    }

    @Override
    public TokenMask sample(MaskRequest request) {
        TokenGrid grid = request.grid();
        visibleCount(grid, request.ratio());
        int positions = visiblePositions(grid, request.ratio());
        return TokenMask.ofClips(grid, request.batchSize(), clip -> {
            int[] spatial = TokenSampling.uniformSubset(grid.sliceSize(), positions, request.random());
            int[] visible = new int[grid.frames() * positions];
            for (int t = 0; t < grid.frames(); t++) {
                for (int i = 0; i < positions; i++) {
                    visible[t * positions + i] = t * grid.sliceSize() + spatial[i];
                }
            }
            return visible;
        });
    }
}
