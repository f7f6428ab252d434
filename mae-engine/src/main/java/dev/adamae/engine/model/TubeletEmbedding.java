package dev.adamae.engine.model;

import static dev.adamae.engine.model.VideoMaeNames.TOKENIZER_BIAS;
import static dev.adamae.engine.model.VideoMaeNames.TOKENIZER_WEIGHT;

import dev.adamae.engine.ModelSettings;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The tubelet embedding shared by the autoencoder and the classifier, so that a classifier
 * takes the pre-trained tokenizer's variables by name.
 *
 * <p>Conv3d with kernel = stride = tubelet, written as the equal product of the tubelet rows with
 * a {@code [K, D]} weight whose rows are the kernel in (frame, row, column, channel) order.
 * Initialised as PyTorch initialises the reference's Conv3d, which its Linear-only init leaves
 * alone: weight and bias uniform in {@code +-1/sqrt(K)}.
 */
final class TubeletEmbedding {

    private final SameDiff sd;
    private final SDVariable weight;
    private final SDVariable bias;

    private TubeletEmbedding(SameDiff sd, SDVariable weight, SDVariable bias) {
        this.sd = sd;
        this.weight = weight;
        this.bias = bias;
    }

    /** Creates the tokenizer's variables, {@code [K, D]} weight and {@code [D]} bias. */
    static TubeletEmbedding create(ModelParameters parameters, ModelSettings model) {
        int values = model.tokenValues();
        int width = model.encoder().width();
        double bound = 1.0 / Math.sqrt(values);
        SDVariable weight = parameters.uniformWeight(TOKENIZER_WEIGHT, bound, values, width);
        SDVariable bias = parameters.uniformBias(TOKENIZER_BIAS, bound, width);
        return new TubeletEmbedding(parameters.sameDiff(), weight, bias);
    }

    /**
     * Returns the token embeddings of the tubelet rows, {@code [B * N, D]}: creates the tokenizer
     * and applies it once.
     *
     * @param tubelets rows {@code [B * N, K]} from {@link Tubelets#cutOnHost}
     */
    static SDVariable apply(ModelParameters parameters, SDVariable tubelets, ModelSettings model) {
        return create(parameters, model).embed(tubelets);
    }

    /** Returns the embeddings of tubelet rows {@code [rows, K]}, {@code [rows, D]}. */
    SDVariable embed(SDVariable tubelets) {
        return sd.nn.biasAdd(sd.mmul(tubelets, weight), bias, false);
    }
}
