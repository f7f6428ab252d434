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
 * @param content the batch's pixels, or {@code null}: the engine computes it only for a strategy
 *     whose {@link MaskingStrategy#needsContent()} is true (since SPI 1.2)
 * @param progress the training step the masks are for and the run's total steps, or {@code null}
 *     outside training, e.g. in {@code adamae masks} (since SPI 1.2)
 */
public record MaskRequest(
        TokenGrid grid, double ratio, int batchSize, RandomGenerator random, TokenProbabilities probabilities,
        ClipContent content, TrainingProgress progress) {

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
        if (content != null && (!content.grid().equals(grid) || content.batchSize() != batchSize)) {
            throw new IllegalArgumentException("Clip content for " + content.batchSize() + " clips of grid "
                    + content.grid() + " does not fit a request for " + batchSize + " clips of grid " + grid);
        }
    }

    /** Creates a request without content or training progress (the SPI 1.0 and 1.1 form). */
    public MaskRequest(TokenGrid grid, double ratio, int batchSize, RandomGenerator random,
            TokenProbabilities probabilities) {
        this(grid, ratio, batchSize, random, probabilities, null, null);
    }

    /** Creates a request without token probabilities, for strategies that have no learned sampler. */
    public MaskRequest(TokenGrid grid, double ratio, int batchSize, RandomGenerator random) {
        this(grid, ratio, batchSize, random, null, null, null);
    }

    /** Returns the token probabilities, when the request carries them. */
    public Optional<TokenProbabilities> optionalProbabilities() {
        return Optional.ofNullable(probabilities);
    }

    /**
     * Returns the batch's content, when the request carries it.
     *
     * @since SPI 1.2
     */
    public Optional<ClipContent> optionalContent() {
        return Optional.ofNullable(content);
    }

    /**
     * Returns the batch's content, for a strategy that cannot draw without it.
     *
     * @param strategy the strategy's name, for the message
     * @throws MissingContentException when the request carries no content
     * @since SPI 1.2
     */
    public ClipContent requireContent(String strategy) {
        if (content == null) {
            throw new MissingContentException(strategy);
        }
        return content;
    }

    /**
     * Returns the training progress, when the masks are drawn for a training step.
     *
     * @since SPI 1.2
     */
    public Optional<TrainingProgress> optionalProgress() {
        return Optional.ofNullable(progress);
    }

    /**
     * Returns this request with the batch's content, for a content-aware strategy.
     *
     * @since SPI 1.2
     */
    public MaskRequest withContent(ClipContent content) {
        return new MaskRequest(grid, ratio, batchSize, random, probabilities, content, progress);
    }

    /**
     * Returns this request with the training progress.
     *
     * @since SPI 1.2
     */
    public MaskRequest withProgress(TrainingProgress progress) {
        return new MaskRequest(grid, ratio, batchSize, random, probabilities, content, progress);
    }
}
