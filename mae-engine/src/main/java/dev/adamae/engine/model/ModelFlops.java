package dev.adamae.engine.model;

import dev.adamae.api.LearnedSampler;
import dev.adamae.engine.ModelSettings;
import java.util.OptionalDouble;

/**
 * The analytic FLOP count of the video MAE, for reporting achieved GFLOP/s and for FLOP budgets.
 *
 * <p>It counts the model's matrix products at 2 FLOPs per multiply-add: the tokenizer over all
 * N tokens, each encoder block over the V visible tokens (query, key and value, projection, MLP,
 * and the two attention products), the encoder-to-decoder projection, each decoder block over
 * the V + R tokens it runs on, and the head over the R decoded hidden tokens (R = M, every hidden
 * token, unless a decoder mask chose fewer). Element-wise work, normalisation,
 * softmax and the one-hot token selections (an implementation choice, not part of the model) are
 * not counted. A training step counts 3 times the forward pass: the backward pass of a matrix
 * product costs two products of the same size.
 *
 * <p>A strategy without a learned sampler changes only V, so every such strategy is counted. A
 * learned sampler's network is counted when it reports its own multiply-adds
 * ({@link LearnedSampler#forwardMultiplyAdds}): 4 times its forward pass per step (the pass that
 * gives the probabilities the masks are drawn from, then the training step's forward and backward
 * passes), plus the tokenizer once more over all N tokens for that first pass. A sampler that
 * reports nothing leaves the step uncounted.
 */
public final class ModelFlops {

    private ModelFlops() {
    }

    /** Returns the FLOPs of one forward pass over {@code batch} clips with {@code visible} visible tokens each. */
    public static double forward(ModelSettings model, int batch, int visible) {
        return forward(model, batch, visible, model.grid().tokenCount() - visible);
    }

    /**
     * Returns the FLOPs of one forward pass over {@code batch} clips with {@code visible} visible
     * tokens each, of which the decoder reconstructs {@code decoded} hidden ones.
     */
    public static double forward(ModelSettings model, int batch, int visible, int decoded) {
        int tokens = visible + decoded;
        int hidden = decoded;
        double encoderWidth = model.encoder().width();
        double decoderWidth = model.decoder().width();
        double multiplyAdds = tokenizer(model, batch)
                + model.encoder().depth() * block(model.encoder(), (double) batch * visible, batch, visible)
                + (double) batch * visible * encoderWidth * decoderWidth
                + model.decoder().depth() * block(model.decoder(), (double) batch * tokens, batch, tokens)
                + (double) batch * hidden * decoderWidth * model.tokenValues();
        return 2 * multiplyAdds;
    }

    /** Returns the FLOPs of one training step without a learned sampler: forward and backward passes. */
    public static double trainingStep(ModelSettings model, int batch, int visible) {
        return 3 * forward(model, batch, visible);
    }

    /**
     * Returns the FLOPs of one training step of a strategy, with its learned sampler's network when
     * it has one.
     *
     * @param sampler the strategy's learned sampler, or {@code null} for none
     * @return the FLOPs, or empty when the sampler does not count its network
     */
    public static OptionalDouble trainingStep(ModelSettings model, int batch, int visible, LearnedSampler sampler) {
        return trainingStep(model, batch, visible, model.grid().tokenCount() - visible, sampler);
    }

    /**
     * Returns the FLOPs of one training step of a strategy whose decoder reconstructs
     * {@code decoded} hidden tokens per clip, with its learned sampler's network when it has one.
     *
     * @param sampler the strategy's learned sampler, or {@code null} for none
     * @return the FLOPs, or empty when the sampler does not count its network
     */
    public static OptionalDouble trainingStep(ModelSettings model, int batch, int visible, int decoded,
            LearnedSampler sampler) {
        double step = 3 * forward(model, batch, visible, decoded);
        if (sampler == null) {
            return OptionalDouble.of(step);
        }
        OptionalDouble network = sampler.forwardMultiplyAdds(model.grid(), batch, model.encoder().width(),
                model.samplerHeads());
        if (network.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(step + 2 * (4 * network.getAsDouble() + tokenizer(model, batch)));
    }

    /** Multiply-adds of the tokenizer over every token of {@code batch} clips. */
    private static double tokenizer(ModelSettings model, int batch) {
        return (double) batch * model.grid().tokenCount() * model.tokenValues() * model.encoder().width();
    }

    /** Multiply-adds of one pre-norm block over {@code rows} rows, {@code length} tokens per clip. */
    private static double block(ModelSettings.Transformer transformer, double rows, int batch, int length) {
        double width = transformer.width();
        double projections = rows * width * (4 * width + 2 * transformer.mlpWidth());
        double attention = 2.0 * batch * length * length * width;
        return projections + attention;
    }
}
