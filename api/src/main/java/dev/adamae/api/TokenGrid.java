package dev.adamae.api;

/**
 * The grid of tokens a clip is cut into: {@code frames x height x width} tubelets.
 *
 * <p>Tokens are numbered over the flattened {@code (t, h, w)} index with {@code t} slowest, the
 * order the tokenizer emits them in: {@code index = (t * height + h) * width + w}.
 *
 * @param frames number of token time slices (T')
 * @param height number of token rows per slice (H')
 * @param width number of token columns per slice (W')
 */
public record TokenGrid(int frames, int height, int width) {

    public TokenGrid {
        if (frames < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "Token grid dimensions must be positive, got " + frames + "x" + height + "x" + width);
        }
        if ((long) frames * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Token grid is too large: " + frames + "x" + height + "x" + width);
        }
    }

    /** Returns the number of tokens in one clip, {@code frames * height * width}. */
    public int tokenCount() {
        return frames * height * width;
    }

    /** Returns the number of tokens in one time slice, {@code height * width}. */
    public int sliceSize() {
        return height * width;
    }

    /** Returns the flat index of the token at time slice {@code t}, row {@code h}, column {@code w}. */
    public int index(int t, int h, int w) {
        if (t < 0 || t >= frames || h < 0 || h >= height || w < 0 || w >= width) {
            throw new IndexOutOfBoundsException("(" + t + ", " + h + ", " + w + ") is outside " + this);
        }
        return (t * height + h) * width + w;
    }

    /** Returns the time slice of the token with flat index {@code index}. */
    public int frameOf(int index) {
        return checked(index) / sliceSize();
    }

    /** Returns the position of the token within its time slice, {@code h * width + w}. */
    public int spatialOf(int index) {
        return checked(index) % sliceSize();
    }

    private int checked(int index) {
        if (index < 0 || index >= tokenCount()) {
            throw new IndexOutOfBoundsException("Token " + index + " is outside " + this);
        }
        return index;
    }

    @Override
    public String toString() {
        return frames + "x" + height + "x" + width;
    }
}
