package dev.adamae.engine.model;

import dev.adamae.api.TokenGrid;
import dev.adamae.engine.ModelSettings;

/**
 * Where the tokens of a clip lie, on the host: the block of pixels each token covers, and the
 * place of each pixel in its token's target row.
 *
 * <p>It states on the host what {@link Tubelets} does in the graph: token {@code (t, h, w)} has
 * index {@link TokenGrid#index} ({@code t} slowest) and covers frames {@code t * tubeletFrames}
 * on, rows {@code h * tubeletHeight} on and columns {@code w * tubeletWidth} on; within its row
 * of {@code tubeletPixels * 3} values the pixels follow in (frame, row, column) order with the
 * colour channel fastest. Clips are channel-major, {@code [3][frames][height][width]}, as
 * {@link dev.adamae.engine.data.VideoClip} holds them.
 *
 * @param frames clip frames
 * @param height clip height in pixels
 * @param width clip width in pixels
 * @param tubeletFrames tubelet depth in frames; divides {@code frames}
 * @param tubeletHeight tubelet height in pixels; divides {@code height}
 * @param tubeletWidth tubelet width in pixels; divides {@code width}
 */
public record TubeletLayout(int frames, int height, int width, int tubeletFrames, int tubeletHeight,
        int tubeletWidth) {

    public TubeletLayout {
        if (frames < 1 || height < 1 || width < 1 || tubeletFrames < 1 || tubeletHeight < 1 || tubeletWidth < 1) {
            throw new IllegalArgumentException("A tubelet layout needs positive sizes, got clip " + frames + "x" + height
                    + "x" + width + " and tubelet " + tubeletFrames + "x" + tubeletHeight + "x" + tubeletWidth);
        }
        if (frames % tubeletFrames != 0 || height % tubeletHeight != 0 || width % tubeletWidth != 0) {
            throw new IllegalArgumentException("Tubelets of " + tubeletFrames + "x" + tubeletHeight + "x" + tubeletWidth
                    + " do not tile a clip of " + frames + "x" + height + "x" + width);
        }
    }

    /** Returns the layout of the model's clips. */
    public static TubeletLayout of(ModelSettings model) {
        return new TubeletLayout(model.clipFrames(), model.clipHeight(), model.clipWidth(), model.tubeletFrames(),
                model.tubeletHeight(), model.tubeletWidth());
    }

    /** Returns the token grid. */
    public TokenGrid grid() {
        return new TokenGrid(frames / tubeletFrames, height / tubeletHeight, width / tubeletWidth);
    }

    /** Returns the number of pixels of one tubelet. */
    public int tubeletPixels() {
        return tubeletFrames * tubeletHeight * tubeletWidth;
    }

    /** Returns the number of values in one token's target row: tubelet pixels x colour channels. */
    public int tokenValues() {
        return tubeletPixels() * ModelSettings.CHANNELS;
    }

    /** Returns the number of values of a whole clip: colour channels x frames x height x width. */
    public int clipValues() {
        return ModelSettings.CHANNELS * frames * height * width;
    }

    /** Returns the token whose tubelet holds pixel {@code (t, y, x)}. */
    public int tokenAt(int t, int y, int x) {
        checkPixel(t, y, x);
        return ((t / tubeletFrames) * (height / tubeletHeight) + y / tubeletHeight) * (width / tubeletWidth)
                + x / tubeletWidth;
    }

    /** Returns where colour {@code channel} of pixel {@code (t, y, x)} sits in the target row of its token. */
    public int valueIndex(int channel, int t, int y, int x) {
        checkPixel(t, y, x);
        int inside = ((t % tubeletFrames) * tubeletHeight + y % tubeletHeight) * tubeletWidth + x % tubeletWidth;
        return inside * ModelSettings.CHANNELS + channel;
    }

    /** Returns the first frame of token {@code token}'s tubelet. */
    public int firstFrame(int token) {
        return grid().frameOf(token) * tubeletFrames;
    }

    /** Returns the first row of token {@code token}'s tubelet. */
    public int firstRow(int token) {
        return grid().spatialOf(token) / grid().width() * tubeletHeight;
    }

    /** Returns the first column of token {@code token}'s tubelet. */
    public int firstColumn(int token) {
        return grid().spatialOf(token) % grid().width() * tubeletWidth;
    }

    /** Returns the index of colour {@code channel} of pixel {@code (t, y, x)} in a channel-major clip array. */
    public int pixelIndex(int channel, int t, int y, int x) {
        return ((channel * frames + t) * height + y) * width + x;
    }

    private void checkPixel(int t, int y, int x) {
        if (t < 0 || t >= frames || y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("Pixel (" + t + ", " + y + ", " + x + ") is outside a clip of " + frames
                    + "x" + height + "x" + width);
        }
    }
}
