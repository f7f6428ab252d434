package dev.adamae.engine.model;

import dev.adamae.api.TokenGrid;
import dev.adamae.engine.ModelSettings;

/**
 * The fixed sizes a video MAE graph is built for: SameDiff graphs here have static shapes.
 *
 * @param model the model's dimensions, from a preset
 * @param batchSize clips per batch
 * @param visibleCount visible tokens per clip, as the masking strategy derives it from the ratio
 * @param lossType the reconstruction loss
 * @param seed the seed of the weight initialisation: the same seed gives the same weights
 * @param decodedCount the hidden tokens per clip the decoder reconstructs and the loss covers, R:
 *     all M hidden ones, or fewer with a decoder mask (VideoMAE V2's dual masking)
 */
public record VideoMaeGraphSpec(ModelSettings model, int batchSize, int visibleCount, LossType lossType, long seed,
        int decodedCount) {

    /** Creates the spec of a graph whose decoder reconstructs every hidden token (no decoder mask). */
    public VideoMaeGraphSpec(ModelSettings model, int batchSize, int visibleCount, LossType lossType, long seed) {
        this(model, batchSize, visibleCount, lossType, seed, model == null ? 0 : model.grid().tokenCount() - visibleCount);
    }

    public VideoMaeGraphSpec {
        if (model == null || lossType == null) {
            throw new IllegalArgumentException("A graph spec needs model settings and a loss type");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
        }
        int tokens = model.grid().tokenCount();
        if (visibleCount < 1 || visibleCount >= tokens) {
            throw new IllegalArgumentException("Visible tokens per clip must be between 1 and " + (tokens - 1)
                    + " for the " + tokens + " tokens of grid " + model.grid() + ", got " + visibleCount);
        }
        if (decodedCount < 1 || decodedCount > tokens - visibleCount) {
            throw new IllegalArgumentException("Decoded tokens per clip must be between 1 and the " + (tokens - visibleCount)
                    + " hidden ones, got " + decodedCount);
        }
    }

    /** Returns the token grid of every clip. */
    public TokenGrid grid() {
        return model.grid();
    }

    /** Returns the number of tokens per clip, N. */
    public int tokenCount() {
        return model.grid().tokenCount();
    }

    /** Returns the number of hidden tokens per clip, M = N - V. */
    public int hiddenCount() {
        return tokenCount() - visibleCount;
    }

    /** Tells whether a decoder mask leaves some hidden tokens out of the decoder and the loss. */
    public boolean hasDecoderMask() {
        return decodedCount < hiddenCount();
    }

    /** Returns the number of tokens the decoder runs over: the visible ones plus R mask tokens. */
    public int decoderLength() {
        return visibleCount + decodedCount;
    }

    /** Returns the number of pixels in one tubelet (frames x rows x columns). */
    public int tubeletPixels() {
        return model.tubeletFrames() * model.tubeletHeight() * model.tubeletWidth();
    }
}
