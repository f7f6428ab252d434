package dev.adamae.engine.model;

/**
 * The stable names of the classifier graph's inputs, outputs and variables.
 *
 * <p>The classifier's tokenizer and encoder blocks carry the autoencoder's names
 * ({@link VideoMaeNames#TOKENIZER_WEIGHT}, {@code encoder/block<i>/...}), so a pre-training
 * checkpoint's encoder loads by name; the variables of its head live under {@link #HEAD_SCOPE}.
 */
public final class ClassifierNames {

    /**
     * Placeholder: every token's tubelet, {@code [B * N, K]}, cut on the host from the
     * ImageNet-normalised clips {@code [B, 3, T, H, W]} that {@link VideoClassifierGraph}'s inputs take.
     */
    public static final String TUBELETS = VideoMaeNames.TUBELETS;

    /** Placeholder: the soft targets, {@code [B, C]}, rows summing to 1 (one-hot, smoothed or mixed). */
    public static final String TARGETS = "classifier/targets";

    /** Output: the encoder's tokens pooled, {@code [B, D]}: a linear probe's features. */
    public static final String FEATURES = "classifier/features";

    /** Output: the encoder's tokens before pooling, {@code [B, N, D]}. */
    public static final String TOKEN_FEATURES = "classifier/token_features";

    /** Output: the class scores, {@code [B, C]}. */
    public static final String LOGITS = "classifier/logits";

    /** Output: the class probabilities, softmax of the logits, {@code [B, C]}. */
    public static final String PROBABILITIES = "classifier/probabilities";

    /** Loss: the soft-target cross-entropy, averaged over the batch. */
    public static final String LOSS = "classifier/loss";

    /** The prefix of the head's variables: the layer norm after pooling and the linear layer. */
    public static final String HEAD_SCOPE = "classifier/";

    /** The prefix of the encoder blocks' variables. */
    public static final String BLOCK_PREFIX = "encoder/block";

    /** The prefix of the tokenizer's variables. */
    public static final String TOKENIZER_PREFIX = "tokenizer/";

    private ClassifierNames() {
    }

    /**
     * Returns the placeholder of drop path's keep factors for one residual branch,
     * {@code [B * N, 1]}: per clip, 0 (dropped) or {@code 1 / (1 - rate)} (kept), repeated over
     * the clip's tokens.
     *
     * @param branch {@code attention} or {@code mlp}
     */
    public static String dropPath(int block, String branch) {
        return "drop_path/block" + block + "/" + branch;
    }
}
