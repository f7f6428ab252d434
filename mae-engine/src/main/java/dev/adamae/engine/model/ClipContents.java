package dev.adamae.engine.model;

import dev.adamae.api.ClipContent;
import dev.adamae.engine.ModelSettings;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    /** Returns the content of tubelet rows {@link Tubelets#cutOnHost} has already cut. */
    static ClipContent of(float[] tubelets, int batchSize, ModelSettings model) {
        return new ClipContent(model.grid(), batchSize, model.tubeletFrames(), model.tubeletHeight(),
                model.tubeletWidth(), tubelets);
    }
}
