package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;

/**
 * The analytic FLOP count of the video MAE, for reporting achieved GFLOP/s.
 *
 * <p>It counts the model's matrix products at 2 FLOPs per multiply-add: the tokenizer over all
 * N tokens, each encoder block over the V visible tokens (query, key and value, projection, MLP,
 * and the two attention products), the encoder-to-decoder projection, each decoder block over
 * all N tokens, and the head over the M hidden tokens. Element-wise work, normalisation,
 * softmax, the one-hot token selections (an implementation choice, not part of the model) and a
 * learned sampler's network are not counted. A training step counts 3 times the forward pass:
 * the backward pass of a matrix product costs two products of the same size.
 */
public final class ModelFlops {

    private ModelFlops() {
    }

    /** Returns the FLOPs of one forward pass over {@code batch} clips with {@code visible} visible tokens each. */
    public static double forward(ModelSettings model, int batch, int visible) {
        int tokens = model.grid().tokenCount();
        int hidden = tokens - visible;
        double encoderWidth = model.encoder().width();
        double decoderWidth = model.decoder().width();
        double multiplyAdds = (double) batch * tokens * model.tokenValues() * encoderWidth
                + model.encoder().depth() * block(model.encoder(), (double) batch * visible, batch, visible)
                + (double) batch * visible * encoderWidth * decoderWidth
                + model.decoder().depth() * block(model.decoder(), (double) batch * tokens, batch, tokens)
                + (double) batch * hidden * decoderWidth * model.tokenValues();
        return 2 * multiplyAdds;
    }

    /** Returns the FLOPs of one training step: forward and backward passes. */
    public static double trainingStep(ModelSettings model, int batch, int visible) {
        return 3 * forward(model, batch, visible);
    }

    /** Multiply-adds of one pre-norm block over {@code rows} rows, {@code length} tokens per clip. */
    private static double block(ModelSettings.Transformer transformer, double rows, int batch, int length) {
        double width = transformer.width();
        double projections = rows * width * (4 * width + 2 * transformer.mlpWidth());
        double attention = 2.0 * batch * length * length * width;
        return projections + attention;
    }
}
