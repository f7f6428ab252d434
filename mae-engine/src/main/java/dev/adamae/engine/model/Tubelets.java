package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Cuts clips into tubelets inside the graph: the tokenizer's input and the target's source.
 *
 * <p>A clip {@code [B, 3, T, H, W]} becomes rows {@code [B * N, K]}: one row per token, clips
 * after one another, tokens in flattened {@code (t, h, w)} order with {@code t} slowest (the
 * order of {@link dev.adamae.api.TokenGrid#index}), and within a row the tubelet's pixels in
 * {@code (frame, row, column)} order with the colour channel fastest, as the reference code
 * flattens its target.
 */
final class Tubelets {

    private Tubelets() {
    }

    /** Returns the tubelet rows of {@code clips}, {@code [B * N, K]}. */
    static SDVariable cut(SameDiff sd, SDVariable clips, VideoMaeGraphSpec spec) {
        return cut(sd, clips, spec.model(), spec.batchSize());
    }

    /** Returns the tubelet rows of {@code batchSize} clips of {@code model}'s size, {@code [B * N, K]}. */
    static SDVariable cut(SameDiff sd, SDVariable clips, ModelSettings model, int batchSize) {
        int frames = model.tubeletFrames();
        int rows = model.tubeletHeight();
        int columns = model.tubeletWidth();
        SDVariable split = sd.reshape(clips, batchSize, ModelSettings.CHANNELS,
                model.clipFrames() / frames, frames,
                model.clipHeight() / rows, rows,
                model.clipWidth() / columns, columns);
        // [B, C, T', t, H', h, W', w] -> [B, T', H', W', t, h, w, C]
        SDVariable tokenMajor = sd.permute(split, 0, 2, 4, 6, 3, 5, 7, 1);
        return sd.reshape(tokenMajor, (long) batchSize * model.grid().tokenCount(), model.tokenValues());
    }
}
