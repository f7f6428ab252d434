package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;

/**
 * The fixed sizes of a classifier graph on the video MAE's encoder, with every token visible.
 *
 * @param model the model's dimensions, from a preset (the decoder's are not used)
 * @param batchSize clips per batch
 * @param classes the number of classes, at least 2
 * @param head {@link Head#CLASSIFIER} for fine-tuning and testing, {@link Head#FEATURES} for a
 *     linear probe's frozen features
 * @param dropPath the drop path rate of the last block (stochastic depth; the blocks' rates grow
 *     linearly from 0), in {@code [0, 1)}
 * @param seed the seed of the weight initialisation; the encoder's initial weights equal those
 *     of an autoencoder built with the same seed
 */
public record VideoClassifierSpec(ModelSettings model, int batchSize, int classes, Head head, double dropPath,
        long seed) {

    /** What the graph ends in. */
    public enum Head {
        /**
         * Encoder without its final norm, mean-pooled tokens, a layer norm, a linear head and the
         * soft-target cross-entropy (VideoMAE's fine-tuning model).
         */
        CLASSIFIER,
        /** Encoder with its final norm, mean-pooled tokens, no head: the features a linear probe reads. */
        FEATURES
    }

    public VideoClassifierSpec {
        if (model == null || head == null) {
            throw new IllegalArgumentException("A classifier spec needs model settings and a head");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("A classifier needs at least 2 classes, got " + classes);
        }
        if (!(dropPath >= 0 && dropPath < 1)) {
            throw new IllegalArgumentException("The drop path rate must be in [0, 1), got " + dropPath);
        }
    }

    /** Returns the number of tokens per clip, all visible. */
    public int tokenCount() {
        return model.grid().tokenCount();
    }

    /**
     * Returns the drop path rate of block {@code block}: {@code dropPath * block / (depth - 1)},
     * as VideoMAE spaces them.
     */
    public double dropPathOf(int block) {
        int depth = model.encoder().depth();
        return depth == 1 ? dropPath : dropPath * block / (depth - 1);
    }
}
