package dev.adamae.masking.adaptive;

import dev.adamae.api.LearnedSampler;
import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenSampling;
import java.util.Optional;

/**
 * Adaptive masking, as in Bandara et al., "AdaMAE: Adaptive Masking for Efficient Spatiotemporal
 * Learning with Masked Autoencoders" (arXiv:2211.09120): each clip shows
 * {@code floor(N x (1 - ratio))} of its {@code N} tokens, drawn without replacement from the
 * categorical distribution that its {@link AdaptiveTokenSampler} computes for that clip.
 *
 * <p>The draw is exact successive sampling (Gumbel-top-k, see
 * {@link TokenSampling#withoutReplacement}), clip by clip, from the request's random source only.
 */
public final class AdaptiveMaskingStrategy implements MaskingStrategy {

    private final double defaultRatio;
    private final AdaptiveTokenSampler sampler;

    /**
     * Creates the strategy.
     *
     * @param defaultRatio the ratio used unless the run sets another
     * @param samplerSettings the sampler network's settings
     */
    public AdaptiveMaskingStrategy(double defaultRatio, AdaptiveSamplerSettings samplerSettings) {
        this.defaultRatio = MaskRatio.check(defaultRatio);
        this.sampler = new AdaptiveTokenSampler(samplerSettings);
    }

    @Override
    public double defaultRatio() {
        return defaultRatio;
    }

    @Override
    public int visibleCount(TokenGrid grid, double ratio) {
        return MaskRatio.checkVisible(MaskRatio.keptOf(grid.tokenCount(), ratio), grid, ratio, "tokens");
    }

    @Override
    public TokenMask sample(MaskRequest request) {
        return TokenSampling.fromProbabilities(request, visibleCount(request.grid(), request.ratio()),
                AdaptiveMaskingStrategyFactory.NAME);
    }

    @Override
    public Optional<LearnedSampler> learnedSampler() {
        return Optional.of(sampler);
    }

    /** Returns the sampler network this strategy trains with the model. */
    public AdaptiveTokenSampler sampler() {
        return sampler;
    }
}
