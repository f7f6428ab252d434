package dev.adamae.engine.train;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.engine.model.DecodedTokens;

/**
 * A run's decoder mask (VideoMAE V2's dual masking): the strategy whose visible tokens are those
 * the decoder may reconstruct, and the ratio it is asked at.
 *
 * @param name the strategy's name, for messages
 * @param strategy the strategy; it must have no learned sampler
 * @param ratio the share of tokens the decoder mask hides from the decoder
 */
public record DecoderMasking(String name, MaskingStrategy strategy, double ratio) {

    public DecoderMasking {
        if (name == null || strategy == null) {
            throw new IllegalArgumentException("A decoder mask needs a strategy and its name");
        }
        if (strategy.learnedSampler().isPresent()) {
            throw new IllegalArgumentException("Masking strategy '" + name
                    + "' has a learned sampler and cannot serve as a decoder mask");
        }
    }

    /** Returns the tokens per clip the decoder mask keeps (its visible count). */
    public int keptCount(TokenGrid grid) {
        return strategy.visibleCount(grid, ratio);
    }

    /**
     * Returns the hidden tokens per clip the decoder reconstructs, R, for an encoder mask that
     * hides {@code hidden} of the grid's tokens ({@link DecodedTokens#count}).
     */
    public int decodedCount(TokenGrid grid, int hidden) {
        return DecodedTokens.count(hidden, keptCount(grid), grid.tokenCount());
    }
}
