package org.example.masking;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenSampling;

/**
 * Hides {@code floor(H'W' x ratio)} tokens of every time slice, chosen uniformly and
 * independently per slice and per clip, so that every slice keeps the same share of tokens.
 */
public final class SliceBalancedMaskingStrategy implements MaskingStrategy {

    private final double defaultRatio;

    public SliceBalancedMaskingStrategy(double defaultRatio) {
        this.defaultRatio = MaskRatio.check(defaultRatio);
    }

    @Override
    public double defaultRatio() {
        return defaultRatio;
    }

    @Override
    public int visibleCount(TokenGrid grid, double ratio) {
        return MaskRatio.checkVisible(grid.frames() * keptPerSlice(grid, ratio), grid, ratio, "tokens per slice");
    }

    private static int keptPerSlice(TokenGrid grid, double ratio) {
        return grid.sliceSize() - MaskRatio.hiddenOf(grid.sliceSize(), ratio);
    }

    @Override
    public TokenMask sample(MaskRequest request) {
        TokenGrid grid = request.grid();
        visibleCount(grid, request.ratio());
        int kept = keptPerSlice(grid, request.ratio());
        return TokenMask.ofClips(grid, request.batchSize(), clip -> {
            int[] visible = new int[grid.frames() * kept];
            for (int t = 0; t < grid.frames(); t++) {
                // Slices are drawn in time order, so indices stay ascending.
                int[] positions = TokenSampling.uniformSubset(grid.sliceSize(), kept, request.random());
                for (int i = 0; i < kept; i++) {
                    visible[t * kept + i] = t * grid.sliceSize() + positions[i];
                }
            }
            return visible;
        });
    }
}
