package dev.adamae.masking.randompatch;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenSampling;

/**
 * Random patch masking, as in Feichtenhofer et al., "Masked Autoencoders As Spatiotemporal
 * Learners" (arXiv:2205.09113): each clip hides {@code floor(N x ratio)} of its N tokens, every
 * subset of that size equally likely, drawn independently per clip.
 */
public final class RandomPatchMaskingStrategy implements MaskingStrategy {

    private final double defaultRatio;

    public RandomPatchMaskingStrategy(double defaultRatio) {
        this.defaultRatio = MaskRatio.check(defaultRatio);
    }

    @Override
    public double defaultRatio() {
        return defaultRatio;
    }

    @Override
    public int visibleCount(TokenGrid grid, double ratio) {
        int visible = grid.tokenCount() - MaskRatio.hiddenOf(grid.tokenCount(), ratio);
        return MaskRatio.checkVisible(visible, grid, ratio, "tokens");
    }

    @Override
    public TokenMask sample(MaskRequest request) {
        TokenGrid grid = request.grid();
        int visible = visibleCount(grid, request.ratio());
        return TokenMask.ofClips(grid, request.batchSize(),
                clip -> TokenSampling.uniformSubset(grid.tokenCount(), visible, request.random()));
    }
}
