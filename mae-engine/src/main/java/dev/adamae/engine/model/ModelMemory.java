package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;

/**
 * A lower bound on the memory of a pre-training step, to refuse at start-up a batch that cannot
 * fit rather than fail an hour later.
 *
 * <p>It counts the activations a step keeps for its backward pass, in 32-bit floats: the
 * tokenizer's patches and embeddings over all N tokens; per pre-norm block over L tokens of
 * width W, MLP width M and h heads, the two norms, query, key and value, the attention output,
 * the projection, the two residual sums and the MLP's output (9 L W), the MLP's hidden layer
 * before and after its activation (2 L M) and the attention scores before and after the softmax
 * (2 h L^2); the encoder over the V visible tokens, the decoder over the V + R it runs on (all N
 * without a decoder mask); and the batch of clips
 * itself. Gradients, the optimiser's state, a learned sampler and the native libraries come on
 * top, so a real step takes more (tiny, batch 8: about 1.6 GB of native memory against this
 * bound's 0.2 GB).
 */
public final class ModelMemory {

    private static final long FLOAT_BYTES = Float.BYTES;

    private ModelMemory() {
    }

    /** Returns the bytes of one batch of clips as the model takes them. */
    public static long clipBytes(ModelSettings model, int batch) {
        return FLOAT_BYTES * batch * model.clipFrames() * model.clipHeight() * model.clipWidth()
                * ModelSettings.CHANNELS;
    }

    /** Returns a lower bound on the native bytes of a training step over {@code batch} clips. */
    public static long trainingStepBytes(ModelSettings model, int batch, int visible) {
        return trainingStepBytes(model, batch, visible, model.grid().tokenCount() - visible);
    }

    /**
     * Returns a lower bound on the native bytes of a training step over {@code batch} clips whose
     * decoder reconstructs {@code decoded} hidden tokens each (it then runs over V + R tokens).
     */
    public static long trainingStepBytes(ModelSettings model, int batch, int visible, int decoded) {
        long tokens = model.grid().tokenCount();
        long perClip = tokens * (model.tokenValues() + model.encoder().width())
                + model.encoder().depth() * block(model.encoder(), visible)
                + model.decoder().depth() * block(model.decoder(), (long) visible + decoded);
        return clipBytes(model, batch) + FLOAT_BYTES * batch * perClip;
    }

    private static long block(ModelSettings.Transformer transformer, long length) {
        return 9 * length * transformer.width() + 2 * length * transformer.mlpWidth()
                + 2L * transformer.heads() * length * length;
    }
}
