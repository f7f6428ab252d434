package dev.adamae.engine.model;

import dev.adamae.api.TokenMask;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The hidden tokens of each clip that the decoder reconstructs and the loss covers: all of them,
 * or, with a decoder mask (VideoMAE V2's dual masking), a fixed number R of them.
 *
 * <p>VideoMAE V2 decodes the tokens its decoder mask keeps and counts the loss on those the
 * encoder hid; how many that is varies from clip to clip. A SameDiff graph has fixed shapes, so
 * here every clip decodes exactly R hidden tokens, {@link #count}: the hidden tokens the decoder
 * mask keeps, trimmed to R by a uniform draw when there are more, and topped up to R by a uniform
 * draw from the other hidden tokens when there are fewer. The draws come from the random source
 * given, the step's own seed stream.
 *
 * <p>Each clip's tokens are strictly ascending, hidden by the encoder mask, and as many in every clip.
 */
public final class DecodedTokens {

    private final int[][] tokens;

    private DecodedTokens(int[][] tokens) {
        this.tokens = tokens;
    }

    /** Returns every hidden token of every clip: no decoder mask. */
    public static DecodedTokens allHidden(TokenMask encoder) {
        return new DecodedTokens(TokenSelection.hiddenTokens(encoder));
    }

    /**
     * Returns the number R of hidden tokens each clip decodes: the share of the grid the decoder
     * mask keeps, of the M hidden tokens, rounded to the nearest whole token, at least 1 and at most M.
     *
     * @param hidden the encoder mask's hidden tokens per clip, M
     * @param decoderVisible the tokens per clip the decoder mask keeps (its visible tokens)
     * @param tokens the tokens per clip, N
     */
    public static int count(int hidden, int decoderVisible, int tokens) {
        if (hidden < 1 || hidden >= tokens || decoderVisible < 1 || decoderVisible > tokens) {
            throw new IllegalArgumentException("Cannot decode from " + hidden + " hidden tokens with a decoder mask keeping "
                    + decoderVisible + " of " + tokens);
        }
        long rounded = Math.round((double) hidden * decoderVisible / tokens);
        return (int) Math.max(1, Math.min(hidden, rounded));
    }

    /**
     * Chooses each clip's R decoded tokens from the encoder mask's hidden tokens and the decoder
     * mask's kept (visible) ones, as the class comment says.
     *
     * @param encoder the encoder mask
     * @param decoder the decoder mask, for the same clips and grid; its visible tokens are those the decoder may reconstruct
     * @param count R, at least 1 and at most the encoder's hidden tokens per clip
     * @param random the source of the trimming and topping-up draws
     */
    public static DecodedTokens choose(TokenMask encoder, TokenMask decoder, int count, RandomGenerator random) {
        if (!encoder.grid().equals(decoder.grid()) || encoder.batchSize() != decoder.batchSize()) {
            throw new IllegalArgumentException("Decoder mask " + decoder + " does not fit encoder mask " + encoder);
        }
        if (count < 1 || count > encoder.hiddenCount()) {
            throw new IllegalArgumentException("Decoded tokens per clip must be between 1 and " + encoder.hiddenCount()
                    + ", got " + count);
        }
        int[][] chosen = new int[encoder.batchSize()][];
        for (int clip = 0; clip < chosen.length; clip++) {
            int[] hidden = encoder.hidden(clip);
            int[] kept = new int[hidden.length];
            int[] others = new int[hidden.length];
            int keptCount = 0;
            int otherCount = 0;
            for (int token : hidden) {
                if (decoder.isVisible(clip, token)) {
                    kept[keptCount++] = token;
                } else {
                    others[otherCount++] = token;
                }
            }
            int[] row = new int[count];
            if (keptCount >= count) {
                System.arraycopy(pick(kept, keptCount, count, random), 0, row, 0, count);
            } else {
                System.arraycopy(kept, 0, row, 0, keptCount);
                System.arraycopy(pick(others, otherCount, count - keptCount, random), 0, row, keptCount,
                        count - keptCount);
            }
            Arrays.sort(row);
            chosen[clip] = row;
        }
        return new DecodedTokens(chosen);
    }

    /** Returns {@code wanted} of the first {@code available} values, drawn uniformly without replacement (all, in order, when wanted = available). */
    private static int[] pick(int[] values, int available, int wanted, RandomGenerator random) {
        int[] pool = Arrays.copyOf(values, available);
        if (wanted == available) {
            return pool;
        }
        // A partial Fisher-Yates shuffle: the first `wanted` places end up a uniform draw.
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(available - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        return Arrays.copyOf(pool, wanted);
    }

    /** Returns the number of clips. */
    public int batchSize() {
        return tokens.length;
    }

    /** Returns the decoded tokens per clip, R. */
    public int count() {
        return tokens[0].length;
    }

    /** Returns the ascending decoded tokens of clip {@code clip}. */
    public int[] tokens(int clip) {
        return tokens[clip].clone();
    }

    /** Tells whether token {@code token} of clip {@code clip} is decoded. */
    public boolean isDecoded(int clip, int token) {
        return Arrays.binarySearch(tokens[clip], token) >= 0;
    }

    int[][] rows() {
        return tokens;
    }
}
