package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cuts clips into tubelets on the host: the tokenizer's input and the target's source.
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

    /**
     * Cuts clips into tubelet rows, {@code [B, 3, T, H, W]} to {@code [B * N, K]}.
     *
     * <p>One pass over the clips in Java costs a few milliseconds, where the same cut as a graph op
     * (an eight-axis permutation) took about 20 ms of a tiny training step.
     */
    static float[] cutOnHost(INDArray clips, ModelSettings model) {
        long[] shape = clips.shape();
        int batch = (int) shape[0];
        int channels = ModelSettings.CHANNELS;
        int frames = model.clipFrames();
        int height = model.clipHeight();
        int width = model.clipWidth();
        int tubeFrames = model.tubeletFrames();
        int tubeRows = model.tubeletHeight();
        int tubeColumns = model.tubeletWidth();
        int gridHeight = height / tubeRows;
        int gridWidth = width / tubeColumns;
        int tokens = model.grid().tokenCount();
        int values = model.tokenValues();
        INDArray plain = clips.dataType() == DataType.FLOAT && clips.ordering() == 'c' && !clips.isView()
                ? clips : clips.castTo(DataType.FLOAT).dup('c');
        FloatBuffer pixels = plain.data().asNioFloat();
        float[] rows = new float[batch * tokens * values];
        int source = 0;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < frames; t++) {
                    int tokenT = t / tubeFrames;
                    int withinT = t % tubeFrames;
                    for (int h = 0; h < height; h++) {
                        int tokenTH = tokenT * gridHeight + h / tubeRows;
                        int withinTH = withinT * tubeRows + h % tubeRows;
                        for (int w = 0; w < width; w++) {
                            int token = tokenTH * gridWidth + w / tubeColumns;
                            int within = withinTH * tubeColumns + w % tubeColumns;
                            rows[(b * tokens + token) * values + within * channels + c] = pixels.get(source++);
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** Returns the tubelet rows of {@code clips} as an array, {@code [B * N, K]}. */
    static INDArray rows(INDArray clips, ModelSettings model) {
        return matrix(cutOnHost(clips, model), model.tokenValues());
    }

    /** Returns tubelet rows as an array, {@code [rows.length / values, values]}. */
    static INDArray matrix(float[] rows, int values) {
        return Nd4j.create(rows, new long[] {rows.length / values, values}, DataType.FLOAT);
    }

    /**
     * Returns the rows of the chosen tokens of every clip, {@code [B * S, K]}, clip after clip.
     *
     * @param rows the tubelet rows of {@link #cutOnHost}
     * @param selected the tokens of each clip, {@code S} each, in the order wanted
     */
    static INDArray pick(float[] rows, int tokens, int values, int[][] selected) {
        int perClip = selected[0].length;
        float[] picked = new float[selected.length * perClip * values];
        for (int clip = 0; clip < selected.length; clip++) {
            for (int row = 0; row < perClip; row++) {
                System.arraycopy(rows, (clip * tokens + selected[clip][row]) * values, picked,
                        (clip * perClip + row) * values, values);
            }
        }
        return matrix(picked, values);
    }
}
