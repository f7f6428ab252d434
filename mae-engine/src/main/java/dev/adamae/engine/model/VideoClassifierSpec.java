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
 * @param pooling how {@link Head#FEATURES} pools the tokens into one feature row per clip (the
 *     classifier head always takes their mean, as VideoMAE's)
 */
public record VideoClassifierSpec(ModelSettings model, int batchSize, int classes, Head head, double dropPath,
        long seed, Pooling pooling) {

    /** What the graph ends in. */
    public enum Head {
        /**
         * Encoder without its final norm, mean-pooled tokens, a layer norm, a linear head and the
         * soft-target cross-entropy (VideoMAE's fine-tuning model).
         */
        CLASSIFIER,
        /**
         * Encoder with its final norm, the tokens pooled as {@link VideoClassifierSpec#pooling()}
         * says, no head: the features a linear probe reads.
         */
        FEATURES
    }

    /** How a linear probe's features pool the encoder's tokens. */
    public enum Pooling {
        /** The mean over all tokens (MAE's and VideoMAE's linear probe). */
        MEAN("mean"),
        /** The largest value of each feature over all tokens: what one place of the clip shows most. */
        MAX("max");

        private final String configName;

        Pooling(String configName) {
            this.configName = configName;
        }

        /** Returns the name settings and checkpoints use. */
        public String configName() {
            return configName;
        }

        /** Returns the pooling named {@code name} ({@code mean} or {@code max}). */
        public static Pooling named(String name) {
            for (Pooling pooling : values()) {
                if (pooling.configName.equals(name)) {
                    return pooling;
                }
            }
            throw new IllegalArgumentException("Unknown pooling '" + name + "': known are mean, max");
        }
    }

    /** A spec whose features, if any, are the tokens' mean. */
    public VideoClassifierSpec(ModelSettings model, int batchSize, int classes, Head head, double dropPath,
            long seed) {
        this(model, batchSize, classes, head, dropPath, seed, Pooling.MEAN);
    }

    public VideoClassifierSpec {
        if (model == null || head == null || pooling == null) {
            throw new IllegalArgumentException("A classifier spec needs model settings, a head and a pooling");
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
