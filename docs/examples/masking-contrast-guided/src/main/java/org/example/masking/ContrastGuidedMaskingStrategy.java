package org.example.masking;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import dev.adamae.api.TokenSampling;
import java.util.Optional;

/**
 * Keeps visible {@code floor(N x (1 - ratio))} tokens of each clip, drawn without replacement
 * with weights that mix each token's contrast (the standard deviation of its tubelet's luminance)
 * with a uniform share: textured and edge tokens are kept more often, flat ones still now and then.
 *
 * <p>It reads the clip ({@link #needsContent()}), so the same clip and seed always give the same
 * mask, and another clip can give another.
 */
public final class ContrastGuidedMaskingStrategy implements MaskingStrategy {

    private static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    private final double defaultRatio;
    private final double uniformShare;

    public ContrastGuidedMaskingStrategy(double defaultRatio, double uniformShare) {
        this.defaultRatio = MaskRatio.check(defaultRatio);
        if (!(uniformShare >= 0 && uniformShare <= 1)) {
            throw new IllegalArgumentException("uniform-share must lie in [0, 1], got " + uniformShare);
        }
        this.uniformShare = uniformShare;
    }

    @Override
    public double defaultRatio() {
        return defaultRatio;
    }

    @Override
    public boolean needsContent() {
        return true;
    }

    @Override
    public int visibleCount(TokenGrid grid, double ratio) {
        return MaskRatio.checkVisible(MaskRatio.keptOf(grid.tokenCount(), ratio), grid, ratio, "tokens");
    }

    @Override
    public TokenMask sample(MaskRequest request) {
        int visible = visibleCount(request.grid(), request.ratio());
        double[][] weights = weights(content(request));
        // Clips are drawn in order from the request's one random source: reproducible by seed.
        return TokenMask.ofClips(request.grid(), request.batchSize(),
                clip -> TokenSampling.withoutReplacement(weights[clip], visible, request.random()));
    }

    @Override
    public Optional<TokenProbabilities> tokenScores(MaskRequest request) {
        return Optional.of(new TokenProbabilities(request.grid(), weights(content(request))));
    }

    private static ClipContent content(MaskRequest request) {
        // Refuses a request without content in a message that names the strategy.
        return request.requireContent("contrast-guided");
    }

    /** Per clip, the drawing weights of its tokens, summing to 1. */
    private double[][] weights(ClipContent content) {
        int tokens = content.grid().tokenCount();
        double[][] weights = new double[content.batchSize()][tokens];
        for (int clip = 0; clip < content.batchSize(); clip++) {
            double[] contrast = new double[tokens];
            double total = 0;
            for (int token = 0; token < tokens; token++) {
                contrast[token] = luminanceSpread(content.tubelet(clip, token));
                total += contrast[token];
            }
            for (int token = 0; token < tokens; token++) {
                double byContrast = total > 0 ? contrast[token] / total : 1.0 / tokens;
                weights[clip][token] = uniformShare / tokens + (1 - uniformShare) * byContrast;
            }
        }
        return weights;
    }

    /** The standard deviation of a tubelet's luminance, in colour values of [0, 1]. */
    private static double luminanceSpread(float[] tubelet) {
        int pixels = tubelet.length / ClipContent.CHANNELS;
        double sum = 0;
        double squares = 0;
        for (int pixel = 0; pixel < pixels; pixel++) {
            double luma = 0;
            for (int c = 0; c < ClipContent.CHANNELS; c++) {
                luma += LUMA[c] * ClipContent.unnormalised(tubelet[pixel * ClipContent.CHANNELS + c], c);
            }
            sum += luma;
            squares += luma * luma;
        }
        double mean = sum / pixels;
        return Math.sqrt(Math.max(0, squares / pixels - mean * mean));
    }
}
