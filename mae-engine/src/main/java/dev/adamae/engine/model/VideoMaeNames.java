package dev.adamae.engine.model;

/**
 * The stable names of the video MAE graph's inputs, outputs and losses.
 *
 * <p>Shapes use {@code B} clips per batch, {@code N} tokens per clip, {@code V} visible and
 * {@code M = N - V} hidden tokens per clip, encoder width {@code D} and {@code K} target values
 * per token (tubelet pixels x 3 colour channels).
 */
public final class VideoMaeNames {

    /**
     * The clips, ImageNet-normalised, {@code [B, 3, T, H, W]} (channels, then frames, rows and
     * columns; see {@link ClipNormalization}): what {@link VideoMaeGraph#inputs} takes, and the
     * classifier's placeholder.
     */
    public static final String CLIP = "clip";

    /**
     * Placeholder: every token's tubelet, {@code [B * N, K]}, cut from the clips on the host
     * ({@link VideoMaeGraph#inputs}): the source of {@link #TOKENS} and {@link #TARGET}.
     */
    public static final String TUBELETS = "tubelets";

    /** Placeholder: the visible tokens' tubelets, {@code [B * V, K]}, each clip's in ascending token order. */
    public static final String VISIBLE_TUBELETS = "visible_tubelets";

    /**
     * Placeholder: the decoded hidden tokens' tubelets, {@code [B * R, K]}, each clip's in ascending
     * token order. R is every hidden token (M) unless a decoder mask chose fewer
     * ({@link VideoMaeGraphSpec#decodedCount()}); the same holds for every {@code [B, M, ...]} below.
     */
    public static final String HIDDEN_TUBELETS = "hidden_tubelets";

    /** Placeholder: one-hot rows picking each clip's visible tokens in ascending order, {@code [B, V, N]}. */
    public static final String VISIBLE_SELECT = "visible_select";

    /** Placeholder: one-hot rows picking each clip's decoded hidden tokens in ascending order, {@code [B, R, N]}. */
    public static final String HIDDEN_SELECT = "hidden_select";

    /**
     * The tokenizer's weight, {@code [K, D]}: the Conv3d kernel {@code [t, h, w, 3, D]} (ND4J's
     * Conv3d weight layout) flattened to rows, channel fastest.
     */
    public static final String TOKENIZER_WEIGHT = "tokenizer/weight";

    /** The tokenizer's bias, {@code [D]}. */
    public static final String TOKENIZER_BIAS = "tokenizer/bias";

    /** The decoder's learnable mask token, {@code [1, decoder width]}. */
    public static final String MASK_TOKEN = "decoder/mask_token";

    /** The tokenizer's output without position codes, {@code [B, N, D]}. */
    public static final String TOKENS = "tokenizer/tokens";

    /** The encoder's input: the visible tokens plus their position codes, {@code [B, V, D]}. */
    public static final String VISIBLE_TOKENS = "encoder/visible_tokens";

    /** The encoder's output after its final norm, {@code [B, V, D]}. */
    public static final String ENCODER_OUTPUT = "encoder/output";

    /** The reconstruction target of every token, {@code [B, N, K]}, channel-fastest. */
    public static final String TARGET = "target/values";

    /** The reconstruction target of the decoded hidden tokens, the loss's, {@code [B, R, K]}. */
    public static final String HIDDEN_TARGET = "target/hidden_values";

    /** The decoder's prediction of the decoded hidden tokens' targets, {@code [B, R, K]}. */
    public static final String PREDICTION = "decoder/prediction";

    /** Each decoded hidden token's reconstruction error: the mean over its values of the loss, {@code [B, R]}. */
    public static final String TOKEN_ERRORS = "loss/token_errors";

    /**
     * Each token's reconstruction error on the full grid, 0 for visible tokens and for hidden ones a
     * decoder mask left out, cut from the
     * gradient, {@code [B, N]}: what a learned sampler's loss receives, and an error map to draw.
     */
    public static final String TOKEN_ERROR_MAP = "loss/token_error_map";

    /** 1 where a token is decoded (hidden, and chosen by the decoder mask if there is one), 0 elsewhere, {@code [B, N]}. */
    public static final String HIDDEN_INDICATOR = "loss/hidden_indicator";

    /** The reconstruction loss L_r: mean token error over the decoded hidden tokens and the batch, a scalar. */
    public static final String LOSS_RECONSTRUCTION = "loss_rec";

    /** The learned sampler's loss term L_s, unweighted, a scalar; only in a graph with a sampler. */
    public static final String LOSS_STRATEGY = "loss_strategy";

    /** The training loss: L_r, plus the sampler's weight times L_s when there is a sampler. */
    public static final String LOSS_TOTAL = "loss";

    /** The learned sampler's token probabilities, {@code [B, N]}; only in a graph with a sampler. */
    public static final String TOKEN_PROBABILITIES = "token_probabilities";

    /** The prefix of every name a learned sampler adds to the graph. */
    public static final String SAMPLER_SCOPE = "masking/";

    private VideoMaeNames() {
    }
}
