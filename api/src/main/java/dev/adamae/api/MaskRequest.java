package dev.adamae.api;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a strategy needs to draw the masks of one batch.
 *
 * @param grid the token grid of every clip
 * @param ratio the share of tokens to hide, in (0, 1); each strategy documents how it rounds
 * @param batchSize the number of clips
 * @param random the seeded random source to draw from; the only source of randomness allowed
 * @param probabilities the token distributions computed by the strategy's learned sampler, or
 *     {@code null} for a strategy that has none
 */
public record MaskRequest(
        TokenGrid grid, double ratio, int batchSize, RandomGenerator random, TokenProbabilities probabilities) {

    public MaskRequest {
        if (grid == null) {
            throw new IllegalArgumentException("A mask request needs a token grid");
        }
        MaskRatio.check(ratio);
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
        }
        if (random == null) {
            throw new IllegalArgumentException("A mask request needs a random source");
        }
        if (probabilities != null
                && (!probabilities.grid().equals(grid) || probabilities.batchSize() != batchSize)) {
            throw new IllegalArgumentException("Token probabilities for " + probabilities.batchSize() + " clips of grid "
                    + probabilities.grid() + " do not fit a request for " + batchSize + " clips of grid " + grid);
        }
    }

    /** Creates a request without token probabilities, for strategies that have no learned sampler. */
    public MaskRequest(TokenGrid grid, double ratio, int batchSize, RandomGenerator random) {
        this(grid, ratio, batchSize, random, null);
    }

    /** Returns the token probabilities, when the request carries them. */
    public Optional<TokenProbabilities> optionalProbabilities() {
        return Optional.ofNullable(probabilities);
    }
}
