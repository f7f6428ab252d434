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
     * Layer normalisation over the features of each row, with gain and bias: ND4J's fused
     * {@code layer_norm}, whose forward and backward passes are single ops.
     *
     * <p>It divides by the rows' standard deviation without an epsilon, where the reference model
     * (PyTorch, eps 1e-6) divides by {@code sqrt(variance + 1e-6)}: the two agree to a relative
     * {@code 5e-7 / variance}, below 1e-4 for any row with a variance above 0.005 (the residual
     * streams here have variances near 1), and both map a constant row to the bias. Written out
     * with the epsilon, the same norm took twice the time of the fused op in a training step
     * (docs/performance.md).
     */
    static SDVariable layerNorm(ModelParameters parameters, String name, SDVariable x, int width) {
        SameDiff sd = parameters.sameDiff();
        SDVariable gain = parameters.unitGain(name + "/gain", width);
        SDVariable bias = parameters.zeroBias(name + "/bias", width);
        return sd.nn.layerNorm(x, gain, bias, false, 1);
    }

    /** The exact GELU, {@code x * Phi(x)} through the error function, as PyTorch's default nn.GELU. */
    static SDVariable gelu(SameDiff sd, SDVariable x) {
        SDVariable phi = sd.math.erf(x.mul(Math.sqrt(0.5))).add(1.0).mul(0.5);
        return x.mul(phi);
    }
}
