package dev.adamae.engine.train;

import java.util.SplittableRandom;
import dev.adamae.api.TrainingProgress;
import dev.adamae.api.TokenMask;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.ClipContent;
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

    /**
     * Chooses the hidden tokens the decoder reconstructs for an encoder mask: draws this decoder
     * mask, then trims or tops up its kept hidden tokens to {@link #decodedCount}
     * ({@link DecodedTokens#choose}), both from the stream {@code streamSeed} starts, which is kept
     * apart from the encoder's so that the encoder masks stay those drawn without a decoder mask.
     *
     * @param mask the encoder mask
     * @param streamSeed the seed of the decoder mask's own random stream
     * @param content the batch's content, handed to a strategy that asks for it; may be {@code null}
     * @param progress the training progress, or {@code null} outside training
     * @throws StrategyFaultException when the strategy's mask does not fit what it declared
     */
    public DecodedTokens decoded(TokenMask mask, long streamSeed, ClipContent content, TrainingProgress progress) {
        TokenGrid grid = mask.grid();
        SplittableRandom random = new SplittableRandom(streamSeed);
        MaskRequest request = new MaskRequest(grid, ratio, mask.batchSize(), random.split(), null,
                strategy.needsContent() ? content : null, progress);
        TokenMask kept = strategy.sample(request);
        StrategyFaultException.check(name, grid, mask.batchSize(), keptCount(grid), kept);
        return DecodedTokens.choose(mask, kept, decodedCount(grid, mask.hiddenCount()), random);
    }
}
