package dev.adamae.masking.frame;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenSampling;

/**
 * Frame masking, as compared in Tong et al., "VideoMAE" (arXiv:2203.12602) and in the AdaMAE
 * paper (arXiv:2211.09120): each clip hides {@code floor(T' x ratio)} of its {@code T'} token
 * time slices whole, chosen uniformly. A ratio thus counts in slices: on 8 slices, 0.875 hides
 * 7 (the paper's setting) and so does 0.9; a ratio that would hide every slice or none is refused.
 */
public final class FrameMaskingStrategy implements MaskingStrategy {

    private final double defaultRatio;

    public FrameMaskingStrategy(double defaultRatio) {
        this.defaultRatio = MaskRatio.check(defaultRatio);
    }

    @Override
    public double defaultRatio() {
        return defaultRatio;
    }

    @Override
    public int visibleCount(TokenGrid grid, double ratio) {
        return MaskRatio.checkVisible(visibleSlices(grid, ratio) * grid.sliceSize(), grid, ratio, "time slices");
    }

    private static int visibleSlices(TokenGrid grid, double ratio) {
        return grid.frames() - MaskRatio.hiddenOf(grid.frames(), ratio);
    }

    @Override
    public TokenMask sample(MaskRequest request) {
        TokenGrid grid = request.grid();
        visibleCount(grid, request.ratio());
        int slices = visibleSlices(grid, request.ratio());
        int sliceSize = grid.sliceSize();
        return TokenMask.ofClips(grid, request.batchSize(), clip -> {
            int[] frames = TokenSampling.uniformSubset(grid.frames(), slices, request.random());
            int[] visible = new int[slices * sliceSize];
            for (int i = 0; i < slices; i++) {
                for (int s = 0; s < sliceSize; s++) {
                    visible[i * sliceSize + s] = frames[i] * sliceSize + s;
                }
            }
            return visible;
        });
    }
}
