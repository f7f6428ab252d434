package dev.adamae.api;

import java.util.Optional;

/**
 * A way of choosing which tokens of a clip the encoder sees.
 *
 * <p>Implementations are immutable and thread-safe: all randomness comes from the request, and
 * the same request (content and random source included) gives the same mask.
 *
 * <p>A run can use a strategy in two places: as the encoder mask, whose visible tokens the
 * encoder sees, and as the decoder mask (VideoMAE V2's dual masking), whose visible tokens are the
 * ones the decoder may reconstruct. The strategy is the same object in both; it is simply asked
 * at the ratio of the place it serves.
 */
public interface MaskingStrategy {

    /** Returns the mask ratio this strategy is used at unless the run sets another. */
    double defaultRatio();

    /**
     * Returns how many tokens of each clip stay visible at {@code ratio}, as the strategy
     * documents its rounding.
     *
     * @throws IllegalArgumentException when the ratio cannot be honoured on this grid (it would
     *     hide every token or none)
     */
    int visibleCount(TokenGrid grid, double ratio);

    /**
     * Draws the visible tokens of every clip of the request.
     *
     * @return a mask with {@link #visibleCount} visible tokens per clip
     */
    TokenMask sample(MaskRequest request);

    /**
     * Returns the sampler network this strategy trains with the model, if it has one.
     *
     * <p>A strategy that has one draws its masks from the probabilities the network computes,
     * which the engine passes in {@link MaskRequest#probabilities()}.
     */
    default Optional<LearnedSampler> learnedSampler() {
        return Optional.empty();
    }

    /**
     * Tells whether this strategy looks at the clips it masks.
     *
     * <p>When true, the engine cuts each batch's clips into tubelets for the strategy and passes
     * them in {@link MaskRequest#content()}; a request without content (a caller that has no
     * clips) is then an error the strategy reports with an {@link IllegalArgumentException}. When
     * false, the default, the engine skips that work and the content is absent.
     *
     * @since SPI 1.2
     */
    default boolean needsContent() {
        return false;
    }

    /**
     * Returns, for the request's clips, the per-token distribution this strategy favours visible
     * tokens by: a content-aware strategy's normalised scores (motion, saliency, ...), for
     * {@code adamae saliency} to show. The request carries content when {@link #needsContent()} is
     * true.
     *
     * <p>The default, empty, says the strategy has no such scores. A learned sampler's
     * probabilities come from its network and need no override.
     *
     * @since SPI 1.2
     */
    default Optional<TokenProbabilities> tokenScores(MaskRequest request) {
        return Optional.empty();
    }
}
