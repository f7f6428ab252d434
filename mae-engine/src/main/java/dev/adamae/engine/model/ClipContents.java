package dev.adamae.engine.model;

import dev.adamae.api.ClipContent;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.VideoClip;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns the engine's clips into the {@link ClipContent} a content-aware strategy reads: the same
 * tubelets, in the same layout, that the tokenizer embeds.
 */
public final class ClipContents {

    private ClipContents() {
    }

    /**
     * Returns the content of a batch of clips.
     *
     * @param clips ImageNet-normalised clips, {@code [B, 3, T, H, W]}
     * @param model the model whose tubelets the content is cut into
     */
    public static ClipContent of(INDArray clips, ModelSettings model) {
        return of(Tubelets.cutOnHost(clips, model), (int) clips.size(0), model);
    }

    /**
     * A batch cut into tubelets once: the rows the graph takes (the engine's own array, which
     * {@link VideoMaeGraph#inputs(CutClips, dev.adamae.api.TokenMask, DecodedTokens)} uses as it
     * is) and the content a strategy reads (which holds its own copy).
     */
    public record CutClips(float[] tubelets, ClipContent content) {
    }

    /**
     * Cuts a batch of clips once, for a content-aware strategy and for the graph.
     *
     * @param clips ImageNet-normalised clips, {@code [B, 3, T, H, W]}
     * @param model the model whose tubelets the content is cut into
     */
    public static CutClips cut(INDArray clips, ModelSettings model) {
        float[] tubelets = Tubelets.cutOnHost(clips, model);
        return new CutClips(tubelets, of(tubelets, (int) clips.size(0), model));
    }

    /**
     * Returns the content of a batch of clips read one by one, as a command that shows one clip
     * has them.
     *
     * @param clips clips of the model's size, ImageNet-normalised
     * @throws IllegalArgumentException when a clip is not of the model's size
     */
    public static ClipContent of(List<VideoClip> clips, ModelSettings model) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("Clip content needs at least one clip");
        }
        int frames = model.clipFrames();
        int height = model.clipHeight();
        int width = model.clipWidth();
        int values = ModelSettings.CHANNELS * frames * height * width;
        float[] pixels = new float[clips.size() * values];
        for (int b = 0; b < clips.size(); b++) {
            VideoClip clip = clips.get(b);
            if (clip.frames() != frames || clip.height() != height || clip.width() != width) {
                throw new IllegalArgumentException("Clip " + clip.id() + " is " + clip.frames() + "x" + clip.height()
                        + "x" + clip.width() + ", the model takes " + frames + "x" + height + "x" + width);
            }
            System.arraycopy(clip.pixels(), 0, pixels, b * values, values);
        }
        INDArray batch = Nd4j.create(pixels, new long[] {clips.size(), ModelSettings.CHANNELS, frames, height, width},
                'c');
        try {
            return of(batch, model);
        } finally {
            batch.close();
        }
    }

    /** Returns the content of tubelet rows {@link Tubelets#cutOnHost} has already cut. */
    static ClipContent of(float[] tubelets, int batchSize, ModelSettings model) {
        return new ClipContent(model.grid(), batchSize, model.tubeletFrames(), model.tubeletHeight(),
                model.tubeletWidth(), tubelets);
    }
}
