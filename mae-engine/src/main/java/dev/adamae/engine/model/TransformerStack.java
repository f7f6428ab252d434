package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stack of pre-norm ViT blocks followed by a final layer norm, as in VideoMAE's encoder and decoder.
 *
 * <p>Each block is {@code x + attention(norm(x))} then {@code x + mlp(norm(x))}; attention has
 * query and value biases but no key bias; the MLP is Linear, GELU, Linear. Activations are rows
 * {@code [batch * length, width]}, the tokens of each clip consecutive.
 */
final class TransformerStack {

    private final ModelParameters parameters;
    private final SameDiff sd;
    private final String scope;
    private final ModelSettings.Transformer dimensions;
    private final int batchSize;
    private final int length;
    private final boolean finalNorm;
    private final ResidualScale residualScale;

    /**
     * Scales the output of a block's residual branch before it is added, e.g. by drop path's
     * per-clip keep mask.
     */
    interface ResidualScale {

        /**
         * Returns the factor of {@code branch} ({@code attention} or {@code mlp}) of block
         * {@code block}, broadcastable against the rows {@code [batch * length, width]}, or
         * {@code null} to leave the branch alone.
         */
        SDVariable of(int block, String branch);
    }

    /**
     * Prepares a stack.
     *
     * @param scope the prefix of the stack's variable names, e.g. {@code encoder/}
     * @param batchSize clips per batch
     * @param length tokens per clip the stack runs on
     */
    TransformerStack(ModelParameters parameters, String scope, ModelSettings.Transformer dimensions,
            int batchSize, int length) {
        this(parameters, scope, dimensions, batchSize, length, true, (block, branch) -> null);
    }

    private TransformerStack(ModelParameters parameters, String scope, ModelSettings.Transformer dimensions,
            int batchSize, int length, boolean finalNorm, ResidualScale residualScale) {
        this.parameters = parameters;
        this.sd = parameters.sameDiff();
        this.scope = scope;
        this.dimensions = dimensions;
        this.batchSize = batchSize;
        this.length = length;
        this.finalNorm = finalNorm;
        this.residualScale = residualScale;
    }

    /** Returns this stack without its final layer norm (a classifier that mean-pools normalises after pooling). */
    TransformerStack withoutFinalNorm() {
        return new TransformerStack(parameters, scope, dimensions, batchSize, length, false, residualScale);
    }

    /** Returns this stack with its residual branches scaled by {@code scale}. */
    TransformerStack withResidualScale(ResidualScale scale) {
        return new TransformerStack(parameters, scope, dimensions, batchSize, length, finalNorm, scale);
    }

    /** Runs every block and the final norm on {@code rows}, {@code [batch * length, width]}. */
    SDVariable apply(SDVariable rows) {
        SDVariable x = rows;
        for (int block = 0; block < dimensions.depth(); block++) {
            String prefix = scope + "block" + block + "/";
            x = x.add(scaled(block, "attention",
                    attention(prefix + "attention", Layers.layerNorm(parameters, prefix + "norm1", x, width()))));
            x = x.add(scaled(block, "mlp", mlp(prefix + "mlp", Layers.layerNorm(parameters, prefix + "norm2", x, width()))));
        }
        return finalNorm ? Layers.layerNorm(parameters, scope + "norm", x, width()) : x;
    }

    private SDVariable scaled(int block, String branch, SDVariable output) {
        SDVariable factor = residualScale.of(block, branch);
        return factor == null ? output : output.mul(factor);
    }

    private SDVariable attention(String name, SDVariable x) {
        int width = width();
        int heads = dimensions.heads();
        // One [width, 3 * width] projection, initialised as the reference's single qkv Linear; the
        // key's third of the bias is a constant zero, as in VideoMAE.
        SDVariable queryBias = parameters.zeroBias(name + "/query_bias", width);
        SDVariable valueBias = parameters.zeroBias(name + "/value_bias", width);
        SDVariable weight = parameters.xavierWeight(name + "/qkv/weight", width, 3 * width);
        double scale = 1.0 / Math.sqrt(width / (double) heads);
        SDVariable query;
        SDVariable key;
        SDVariable value;
        if ((long) batchSize * length > 1) {
            SDVariable bias = sd.concat(0, queryBias, sd.constant(Nd4j.zeros(DataType.FLOAT, width)), valueBias);
            SDVariable qkv = sd.nn.biasAdd(sd.mmul(x, weight), bias, false);
            // [B * L, 3 * W] -> [B, L, 3, H, W / H] -> [3, B, H, L, W / H]: one copy puts the heads of
            // query, key and value each in one block, which unstacking hands out (its backward pass
            // stacks the three gradients back, where slicing columns would write three full-size ones).
            SDVariable perHead = sd.permute(sd.reshape(qkv, batchSize, length, 3, heads, width / heads), 2, 0, 3, 1, 4);
            SDVariable[] parts = sd.unstack(sd.reshape(perHead, 3, (long) batchSize * heads, length, width / heads), 0, 3);
            query = parts[0].mul(scale);
            key = parts[1];
            value = parts[2];
        } else {
            // One row in all (one clip, one visible token): ND4J 1.0.0-M2.1's strided_slice_bp fails
            // on a [1, n] input, so the weight is cut into its three parts instead (the same values).
            query = splitHeads(sd.nn.biasAdd(sd.mmul(x, columns(weight, width, 0, width)), queryBias, false)
                    .mul(scale));
            key = splitHeads(sd.mmul(x, columns(weight, width, width, 2 * width)));
            value = splitHeads(sd.nn.biasAdd(sd.mmul(x, columns(weight, width, 2 * width, 3 * width)), valueBias,
                    false));
        }
        SDVariable weights = rowSoftmax(sd.mmul(query, key, false, true, false));
        SDVariable merged = mergeHeads(sd.mmul(weights, value));
        return Layers.linear(parameters, name + "/projection", merged, width, width, true);
    }

    /**
     * Softmax over the last axis of the attention scores {@code [batch * heads, length, length]}.
     *
     * <p>Taken over a 2-D view of the scores: ND4J 1.0.0-M2.1's softmax and above all its backward
     * pass are several times faster on a matrix than on a rank-3 array (docs/performance.md).
     */
    private SDVariable rowSoftmax(SDVariable scores) {
        long matrices = (long) batchSize * dimensions.heads();
        SDVariable rows = sd.reshape(scores, matrices * length, length);
        return sd.reshape(sd.nn.softmax(rows, 1), matrices, length, length);
    }

    private SDVariable mlp(String name, SDVariable x) {
        int hidden = dimensions.mlpWidth();
        SDVariable inner = Layers.gelu(sd, Layers.linear(parameters, name + "/fc1", x, width(), hidden, true));
        return Layers.linear(parameters, name + "/fc2", inner, hidden, width(), true);
    }

    private SDVariable columns(SDVariable matrix, long rows, int from, int to) {
        return sd.stridedSlice(matrix, new long[] {0, from}, new long[] {rows, to}, new long[] {1, 1});
    }

    /** {@code [batch * length, width]} to {@code [batch * heads, length, headWidth]}. */
    private SDVariable splitHeads(SDVariable rows) {
        int heads = dimensions.heads();
        int headWidth = width() / heads;
        SDVariable perHead = sd.permute(sd.reshape(rows, batchSize, length, heads, headWidth), 0, 2, 1, 3);
        return sd.reshape(perHead, (long) batchSize * heads, length, headWidth);
    }

    /** {@code [batch * heads, length, headWidth]} back to {@code [batch * length, width]}. */
    private SDVariable mergeHeads(SDVariable perHead) {
        int heads = dimensions.heads();
        SDVariable split = sd.reshape(perHead, batchSize, heads, length, width() / heads);
        return sd.reshape(sd.permute(split, 0, 2, 1, 3), (long) batchSize * length, width());
    }

    private int width() {
        return dimensions.width();
    }
}
