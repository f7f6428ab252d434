package dev.adamae.api;

import java.util.Optional;

/**
 * A way of choosing which tokens of a clip the encoder sees.
 *
 * <p>Implementations are immutable and thread-safe: all randomness comes from the request.
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
}
