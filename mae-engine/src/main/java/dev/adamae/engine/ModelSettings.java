package dev.adamae.engine;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;
import dev.adamae.api.TokenGrid;

/**
 * The dimensions of the video MAE, read from {@code adamae.model} and checked at start-up.
 *
 * @param clipFrames frames per clip
 * @param clipHeight clip height in pixels
 * @param clipWidth clip width in pixels
 * @param tubeletFrames tubelet depth in frames
 * @param tubeletHeight tubelet height in pixels
 * @param tubeletWidth tubelet width in pixels
 * @param encoder the encoder transformer
 * @param decoder the decoder transformer
 * @param samplerHeads attention heads of a learned strategy's sampler network
 */
public record ModelSettings(
        int clipFrames,
        int clipHeight,
        int clipWidth,
        int tubeletFrames,
        int tubeletHeight,
        int tubeletWidth,
        Transformer encoder,
        Transformer decoder,
        int samplerHeads) {

    /** The configuration section these settings live in. */
    public static final String PATH = "adamae.model";

    /** The number of colour channels of a clip. */
    public static final int CHANNELS = 3;

    /**
     * The dimensions of a stack of transformer blocks.
     *
     * @param width embedding width
     * @param depth number of blocks
     * @param heads attention heads per block; divides the width
     * @param mlpRatio hidden width of the MLP over the embedding width
     */
    public record Transformer(int width, int depth, int heads, double mlpRatio) {

        static Transformer read(Settings settings) {
            int width = settings.getInt("width", 1, 1 << 16);
            int depth = settings.getInt("depth", 1, 1024);
            int heads = settings.getInt("heads", 1, width);
            if (width % heads != 0) {
                throw settings.invalid("heads", "must divide the width " + width);
            }
            return new Transformer(width, depth, heads, settings.getDouble("mlp-ratio", 0.25, 64));
        }

        /** Returns the hidden width of each block's MLP. */
        public int mlpWidth() {
            return (int) Math.round(width * mlpRatio);
        }
    }

    /** Reads and checks the settings in {@code config}. */
    public static ModelSettings from(Config config) {
        Settings model = Settings.section(config, PATH);
        Settings clip = model.section("clip");
        Settings tubelet = model.section("tubelet");
        int clipFrames = clip.getInt("frames", 1, 4096);
        int clipHeight = clip.getInt("height", 1, 1 << 14);
        int clipWidth = clip.getInt("width", 1, 1 << 14);
        int tubeletFrames = divisor(tubelet, "frames", clipFrames);
        int tubeletHeight = divisor(tubelet, "height", clipHeight);
        int tubeletWidth = divisor(tubelet, "width", clipWidth);
        Transformer encoder = Transformer.read(model.section("encoder"));
        Transformer decoder = Transformer.read(model.section("decoder"));
        int samplerHeads = model.getInt("sampler-heads", 1, encoder.width());
        if (encoder.width() % samplerHeads != 0) {
            throw model.invalid("sampler-heads", "must divide the encoder width " + encoder.width());
        }
        return new ModelSettings(clipFrames, clipHeight, clipWidth, tubeletFrames, tubeletHeight, tubeletWidth,
                encoder, decoder, samplerHeads);
    }

    private static int divisor(Settings tubelet, String key, int clipSize) {
        int size = tubelet.getInt(key, 1, clipSize);
        if (clipSize % size != 0) {
            throw tubelet.invalid(key, "must divide the clip " + key + " " + clipSize);
        }
        return size;
    }

    /** Returns the token grid a clip is cut into. */
    public TokenGrid grid() {
        return new TokenGrid(clipFrames / tubeletFrames, clipHeight / tubeletHeight, clipWidth / tubeletWidth);
    }

    /** Returns the number of values in one token's reconstruction target: tubelet pixels x channels. */
    public int tokenValues() {
        return tubeletFrames * tubeletHeight * tubeletWidth * CHANNELS;
    }
}
