package dev.adamae.api;

import java.nio.FloatBuffer;

/**
 * The pixels of a batch's clips, cut into tubelets exactly as the engine cuts them for the
 * tokenizer: what a content-aware strategy ({@link MaskingStrategy#needsContent()}) finds in its
 * {@link MaskRequest#content()}.
 *
 * <p><b>Layout.</b> Clip {@code b}, token {@code n} (numbered as {@link TokenGrid#index}: time slice
 * slowest, then row, then column), and within the token's tubelet frame {@code dt}, row
 * {@code dy}, column {@code dx} and colour channel {@code c} (0 red, 1 green, 2 blue) hold value
 * number
 * <pre>{@code
 * (b * tokens + n) * tubeletValues + ((dt * tubeletHeight + dy) * tubeletWidth + dx) * channels + c
 * }</pre>
 * with {@code tokens = grid.tokenCount()} and {@code tubeletValues = tubeletFrames * tubeletHeight *
 * tubeletWidth * channels}: the channel varies fastest, then the column, the row and the frame, as
 * in the row the tokenizer embeds. Pixel {@code (frame, row, column)} of the clip lies in token
 * {@code grid.index(frame / tubeletFrames, row / tubeletHeight, column / tubeletWidth)};
 * {@link #pixel} does that arithmetic.
 *
 * <p><b>Values.</b> ImageNet-normalised, as the model sees them: {@code (v - MEAN[c]) / STD[c]}
 * with {@code v} the colour value in [0, 1]. {@link #unnormalised} undoes it.
 *
 * <p>Immutable: the constructor copies the values, and nothing hands out a writable view.
 *
 * @since SPI 1.2
 */
public final class ClipContent {

    /** The colour channels of every clip: red, green, blue. */
    public static final int CHANNELS = 3;

    /** The per-channel mean subtracted from colour values in [0, 1] (ImageNet's). */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    /** The per-channel standard deviation colour values are divided by (ImageNet's). */
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final TokenGrid grid;
    private final int batchSize;
    private final int tubeletFrames;
    private final int tubeletHeight;
    private final int tubeletWidth;
    private final float[] values;

    /**
     * Creates the content of a batch.
     *
     * @param grid the token grid of every clip
     * @param batchSize the number of clips
     * @param tubeletFrames frames per tubelet
     * @param tubeletHeight pixel rows per tubelet
     * @param tubeletWidth pixel columns per tubelet
     * @param values every value in the layout above; copied
     */
    public ClipContent(TokenGrid grid, int batchSize, int tubeletFrames, int tubeletHeight, int tubeletWidth,
            float[] values) {
        if (grid == null || values == null) {
            throw new IllegalArgumentException("Clip content needs a token grid and values");
        }
        if (batchSize < 1 || tubeletFrames < 1 || tubeletHeight < 1 || tubeletWidth < 1) {
            throw new IllegalArgumentException("Clip content needs a positive batch size and tubelet sizes, got batch "
                    + batchSize + " and tubelet " + tubeletFrames + "x" + tubeletHeight + "x" + tubeletWidth);
        }
        long expected = (long) batchSize * grid.tokenCount() * tubeletFrames * tubeletHeight * tubeletWidth * CHANNELS;
        if (values.length != expected) {
            throw new IllegalArgumentException("Clip content of " + batchSize + " clips of grid " + grid + " with tubelets "
                    + tubeletFrames + "x" + tubeletHeight + "x" + tubeletWidth + " holds " + expected
                    + " values, got " + values.length);
        }
        this.grid = grid;
        this.batchSize = batchSize;
        this.tubeletFrames = tubeletFrames;
        this.tubeletHeight = tubeletHeight;
        this.tubeletWidth = tubeletWidth;
        this.values = values.clone();
    }

    public TokenGrid grid() {
        return grid;
    }

    public int batchSize() {
        return batchSize;
    }

    public int tubeletFrames() {
        return tubeletFrames;
    }

    public int tubeletHeight() {
        return tubeletHeight;
    }

    public int tubeletWidth() {
        return tubeletWidth;
    }

    /** Returns the frames of a clip, {@code grid.frames() * tubeletFrames}. */
    public int clipFrames() {
        return grid.frames() * tubeletFrames;
    }

    /** Returns the pixel rows of a clip, {@code grid.height() * tubeletHeight}. */
    public int clipHeight() {
        return grid.height() * tubeletHeight;
    }

    /** Returns the pixel columns of a clip, {@code grid.width() * tubeletWidth}. */
    public int clipWidth() {
        return grid.width() * tubeletWidth;
    }

    /** Returns the values of one token's tubelet, {@code tubeletFrames * tubeletHeight * tubeletWidth * CHANNELS}. */
    public int tubeletValues() {
        return tubeletFrames * tubeletHeight * tubeletWidth * CHANNELS;
    }

    /** Returns a copy of the tubelet of token {@code token} of clip {@code clip}, in the layout above. */
    public float[] tubelet(int clip, int token) {
        float[] row = new float[tubeletValues()];
        System.arraycopy(values, offset(clip, token), row, 0, row.length);
        return row;
    }

    /**
     * Returns the normalised value of channel {@code channel} at pixel {@code (frame, row, column)}
     * of clip {@code clip}, in clip coordinates.
     */
    public float pixel(int clip, int frame, int row, int column, int channel) {
        if (frame < 0 || frame >= clipFrames() || row < 0 || row >= clipHeight() || column < 0
                || column >= clipWidth() || channel < 0 || channel >= CHANNELS) {
            throw new IndexOutOfBoundsException("Pixel (" + frame + ", " + row + ", " + column + ") channel " + channel
                    + " is outside a clip of " + clipFrames() + "x" + clipHeight() + "x" + clipWidth());
        }
        int token = grid.index(frame / tubeletFrames, row / tubeletHeight, column / tubeletWidth);
        int inside = ((frame % tubeletFrames) * tubeletHeight + row % tubeletHeight) * tubeletWidth
                + column % tubeletWidth;
        return values[offset(clip, token) + inside * CHANNELS + channel];
    }

    /** Returns a normalised value of channel {@code channel} back as a colour value in [0, 1]. */
    public static float unnormalised(float value, int channel) {
        return value * STD[channel] + MEAN[channel];
    }

    /** Returns every value, in the layout above, as a read-only buffer. */
    public FloatBuffer values() {
        return FloatBuffer.wrap(values).asReadOnlyBuffer();
    }

    private int offset(int clip, int token) {
        if (clip < 0 || clip >= batchSize) {
            throw new IndexOutOfBoundsException("Clip " + clip + " is outside a batch of " + batchSize);
        }
        if (token < 0 || token >= grid.tokenCount()) {
            throw new IndexOutOfBoundsException("Token " + token + " is outside " + grid);
        }
        return (clip * grid.tokenCount() + token) * tubeletValues();
    }

    @Override
    public String toString() {
        return "ClipContent[grid=" + grid + ", batch=" + batchSize + ", tubelet=" + tubeletFrames + "x" + tubeletHeight
                + "x" + tubeletWidth + "]";
    }
}
