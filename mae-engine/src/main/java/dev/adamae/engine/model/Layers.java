package dev.adamae.engine.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The elementary layers of the model, on rows of features: inputs are {@code [rows, width]}.
 *
 * <p>Activations stay 2-D between layers because SameDiff's rank-3 by rank-2 matrix product
 * fails in ND4J 1.0.0-M2.1; only attention reshapes them.
 */
final class Layers {

    /** The layer norm epsilon of the reference model. */
    static final double LAYER_NORM_EPSILON = 1e-6;

    private Layers() {
    }

    /**
     * A linear layer {@code x W + b} with a Xavier-uniform weight and a zero bias.
     *
     * @param name the layer's name; its variables are {@code name/weight} and {@code name/bias}
     */
    static SDVariable linear(ModelParameters parameters, String name, SDVariable x, int in, int out, boolean bias) {
        SameDiff sd = parameters.sameDiff();
        SDVariable product = sd.mmul(x, parameters.xavierWeight(name + "/weight", in, out));
        return bias ? sd.nn.biasAdd(product, parameters.zeroBias(name + "/bias", out), false) : product;
    }

    /**
     * Layer normalisation over the features of each row, with gain and bias.
     *
     * <p>Written out rather than calling SameDiff's layer norm so that the epsilon is the
     * reference model's, added to the biased variance as PyTorch does.
     */
    static SDVariable layerNorm(ModelParameters parameters, String name, SDVariable x, int width) {
        SameDiff sd = parameters.sameDiff();
        SDVariable centered = x.sub(sd.mean(x, true, 1));
        SDVariable variance = sd.mean(sd.math.square(centered), true, 1);
        SDVariable normalized = centered.mul(sd.math.rsqrt(variance.add(LAYER_NORM_EPSILON)));
        SDVariable gain = parameters.unitGain(name + "/gain", width);
        SDVariable bias = parameters.zeroBias(name + "/bias", width);
        return sd.nn.biasAdd(normalized.mul(gain), bias, false);
    }

    /** The exact GELU, {@code x * Phi(x)} through the error function, as PyTorch's default nn.GELU. */
    static SDVariable gelu(SameDiff sd, SDVariable x) {
        SDVariable phi = sd.math.erf(x.mul(Math.sqrt(0.5))).add(1.0).mul(0.5);
        return x.mul(phi);
    }
}
