package dev.adamae.video;

/**
 * How a {@link VideoDecoder} works.
 *
 * @param threads FFmpeg's decoding threads for one video, 0 for as many as it likes; a data
 *     loader reads several videos at once, so 1 usually keeps the cores busiest
 * @param seek whether the decoder may seek to the first frame it needs; when false it always
 *     decodes from the first frame
 */
public record DecoderOptions(int threads, boolean seek) {

    /** The most decoding threads one video may ask for. */
    public static final int MOST_THREADS = 64;

    /** One thread, seeking allowed. */
    public static final DecoderOptions DEFAULT = new DecoderOptions(1, true);

    public DecoderOptions {
        if (threads < 0 || threads > MOST_THREADS) {
            throw new IllegalArgumentException("Decoding threads must be between 0 and " + MOST_THREADS + ", got " + threads);
        }
    }
}
