package dev.adamae.api;

/**
 * A content-aware strategy ({@link MaskingStrategy#needsContent()}) was asked for masks without
 * the batch's content: the caller has no clips to give it. The message names the strategy; the
 * host reports it in one line, as a usage error.
 *
 * @since SPI 1.2
 */
public final class MissingContentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for the strategy named {@code strategy}.
     *
     * @param strategy the strategy's name
     */
    public MissingContentException(String strategy) {
        super("Masking strategy '" + strategy + "' looks at the clips it masks, and this request carries no clip "
                + "content; give it a clip");
    }
}
