package dev.adamae.masking.adaptive;

import dev.adamae.api.Initializers;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.TokenGrid;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Writes one adaptive token sampler into a model's graph: built once per {@link #build} call.
 *
 * <p>As the reference code's {@code get_token_probs}: the tokens plus a learnable position
 * embedding; one pre-norm block {@code x + drop(proj(attention(norm1(x))))}, then
 * {@code x + drop(fc2(drop(gelu(fc1(norm2(x))))))}, attention without query, key or value bias
 * and without dropout on its weights; {@code Linear(D -> 1)}; the softmax over the clip's tokens.
 * The {@link SamplerArchitecture#MLP MLP} sampler leaves out the attention half.
 *
 * <p>Activations are rows {@code [B x N, D]}, each clip's tokens consecutive, because SameDiff's
 * rank-3 by rank-2 matrix product fails in ND4J 1.0.0-M2.1; only attention reshapes them.
 * Weights are Xavier-uniform, biases zero, norm gains one, drawn from the engine's seeded
 * generator in the order the layers are created; biases, norms and the position embedding are
 * listed as not decayed.
 */
final class SamplerNetwork {

    static final String NORM1 = "block/norm1";
    static final String QKV = "block/attention/qkv";
    static final String PROJECTION = "block/attention/projection";
    static final String NORM2 = "block/norm2";
    static final String FC1 = "block/mlp/fc1";
    static final String FC2 = "block/mlp/fc2";
    static final String HEAD = "head";
    static final String WEIGHT = "/weight";
    static final String BIAS = "/bias";
    static final String GAIN = "/gain";

    private final SamplerGraphInputs in;
    private final AdaptiveSamplerSettings settings;
    private final SameDiff sd;
    private final int batch;
    private final int tokens;
    private final int width;
    private final int heads;
    private final int mlpWidth;
    private final long rows;
    private final Set<String> withoutWeightDecay = new LinkedHashSet<>();
    private SamplerDropout dropout;

    SamplerNetwork(SamplerGraphInputs in, AdaptiveSamplerSettings settings) {
        this.in = in;
        this.settings = settings;
        this.sd = in.sameDiff();
        this.batch = in.batchSize();
        this.tokens = in.grid().tokenCount();
        this.width = in.width();
        this.heads = in.heads();
        this.mlpWidth = settings.mlpWidth(width);
        this.rows = (long) batch * tokens;
        if (settings.architecture() == SamplerArchitecture.ATTENTION && width % heads != 0) {
            throw new IllegalArgumentException("The adaptive sampler's " + heads
                    + " attention heads must divide the token width " + width);
        }
    }

    /**
     * The variables {@link #build} creates, by full name, from the arguments alone: what
     * {@link AdaptiveTokenSampler#variableShapes} gives the host.
     */
    static Map<String, long[]> variableShapes(AdaptiveSamplerSettings settings, TokenGrid grid, int width,
            String scope) {
        Map<String, long[]> shapes = new TreeMap<>();
        long mlpWidth = settings.mlpWidth(width);
        shapes.put(scope + AdaptiveTokenSampler.POSITION_EMBEDDING, new long[] {grid.tokenCount(), width});
        if (settings.architecture() == SamplerArchitecture.ATTENTION) {
            shapes.put(scope + NORM1 + GAIN, new long[] {width});
            shapes.put(scope + NORM1 + BIAS, new long[] {width});
            shapes.put(scope + QKV + WEIGHT, new long[] {width, 3L * width});
            shapes.put(scope + PROJECTION + WEIGHT, new long[] {width, width});
            shapes.put(scope + PROJECTION + BIAS, new long[] {width});
        }
        shapes.put(scope + NORM2 + GAIN, new long[] {width});
        shapes.put(scope + NORM2 + BIAS, new long[] {width});
        shapes.put(scope + FC1 + WEIGHT, new long[] {width, mlpWidth});
        shapes.put(scope + FC1 + BIAS, new long[] {mlpWidth});
        shapes.put(scope + FC2 + WEIGHT, new long[] {mlpWidth, width});
        shapes.put(scope + FC2 + BIAS, new long[] {width});
        shapes.put(scope + HEAD + WEIGHT, new long[] {width, 1});
        shapes.put(scope + HEAD + BIAS, new long[] {1});
        return shapes;
    }

    SamplerGraph build() {
        SDVariable position = undecayed(sd.var(in.name(AdaptiveTokenSampler.POSITION_EMBEDDING),
                Nd4j.zeros(DataType.FLOAT, tokens, width)));
        SDVariable x = sd.reshape(in.tokens().add(position), rows, width);
        boolean attention = settings.architecture() == SamplerArchitecture.ATTENTION;
        long dropoutColumns = (attention ? width : 0) + mlpWidth + width;
        dropout = new SamplerDropout(sd, in.name(AdaptiveTokenSampler.DROPOUT_KEEP), settings.dropout(), rows,
                dropoutColumns);
        if (attention) {
            x = x.add(dropout.apply(attention(layerNorm(NORM1, x)), width));
        }
        x = x.add(mlp(layerNorm(NORM2, x)));
        dropout.checkUsedUp();
        SDVariable logits = sd.reshape(in.name(AdaptiveTokenSampler.LOGITS), linear(HEAD, x, width, 1, true),
                batch, tokens);
        SDVariable probabilities = sd.nn.softmax(in.name(AdaptiveTokenSampler.PROBABILITIES), finite(logits), 1);
        return new SamplerGraph(probabilities, withoutWeightDecay);
    }

    /**
     * Replaces NaN logits by 0 and clips infinite ones to the largest float, as
     * {@code torch.nan_to_num} does in the reference, so that a diverging sampler still yields
     * valid probabilities. (SameDiff's {@code notFinite} condition fails natively in M2.1; the
     * backward pass of {@code replaceWhere} there lets gradient through at NaN positions, which
     * matters only once the network has already produced a NaN.)
     */
    private SDVariable finite(SDVariable logits) {
        SDVariable withoutNaN = sd.replaceWhere(logits, 0.0, Conditions.isNan());
        return sd.math.clipByValue(withoutNaN, -Float.MAX_VALUE, Float.MAX_VALUE);
    }

    /**
     * Multi-head self-attention over each clip's tokens, qkv without bias, projection with bias.
     *
     * <p>Query, key and value are split into heads by one permutation and an unstack (whose
     * backward pass is one stack), and the softmax runs over a 2-D view of the scores: ND4J
     * 1.0.0-M2.1's softmax backward pass is several times faster on a matrix than on a rank-3
     * array (the engine's docs/performance.md has the figures).
     */
    private SDVariable attention(SDVariable x) {
        SDVariable qkv = sd.mmul(x, weight(QKV, width, 3 * width));
        double scale = 1.0 / Math.sqrt(width / (double) heads);
        long matrices = (long) batch * heads;
        SDVariable perHead = sd.permute(sd.reshape(qkv, batch, tokens, 3, heads, width / heads), 2, 0, 3, 1, 4);
        SDVariable[] parts = sd.unstack(sd.reshape(perHead, 3, matrices, tokens, width / heads), 0, 3);
        SDVariable scores = sd.mmul(parts[0].mul(scale), parts[1], false, true, false);
        SDVariable weights = sd.reshape(sd.nn.softmax(sd.reshape(scores, matrices * tokens, tokens), 1),
                matrices, tokens, tokens);
        SDVariable merged = mergeHeads(sd.mmul(weights, parts[2]));
        return linear(PROJECTION, merged, width, width, true);
    }

    /** Linear, GELU, dropout, Linear, dropout, as timm's {@code Mlp} with {@code drop}. */
    private SDVariable mlp(SDVariable x) {
        SDVariable inner = dropout.apply(gelu(linear(FC1, x, width, mlpWidth, true)), mlpWidth);
        return dropout.apply(linear(FC2, inner, mlpWidth, width, true), width);
    }

    private SDVariable linear(String name, SDVariable x, int inputs, int outputs, boolean withBias) {
        SDVariable product = sd.mmul(x, weight(name, inputs, outputs));
        if (!withBias) {
            return product;
        }
        SDVariable bias = undecayed(sd.var(in.name(name + BIAS), Nd4j.zeros(DataType.FLOAT, outputs)));
        return sd.nn.biasAdd(product, bias, false);
    }

    private SDVariable weight(String name, int inputs, int outputs) {
        return sd.var(in.name(name + WEIGHT), Initializers.xavierUniform(in.random(), inputs, outputs));
    }

    /** Layer normalisation over each row's features, the epsilon added to the biased variance as PyTorch does. */
    private SDVariable layerNorm(String name, SDVariable x) {
        SDVariable centered = x.sub(sd.mean(x, true, 1));
        SDVariable variance = sd.mean(sd.math.square(centered), true, 1);
        SDVariable normalized = centered.mul(sd.math.rsqrt(variance.add(settings.layerNormEpsilon())));
        SDVariable gain = undecayed(sd.var(in.name(name + GAIN), Nd4j.ones(DataType.FLOAT, width)));
        SDVariable bias = undecayed(sd.var(in.name(name + BIAS), Nd4j.zeros(DataType.FLOAT, width)));
        return sd.nn.biasAdd(normalized.mul(gain), bias, false);
    }

    /** The exact GELU, {@code x Phi(x)} through the error function, as PyTorch's default {@code nn.GELU}. */
    private SDVariable gelu(SDVariable x) {
        return x.mul(sd.math.erf(x.mul(Math.sqrt(0.5))).add(1.0).mul(0.5));
    }

    /** {@code [B x heads, N, D / heads]} back to {@code [B x N, D]}. */
    private SDVariable mergeHeads(SDVariable perHead) {
        SDVariable split = sd.reshape(perHead, batch, heads, tokens, width / heads);
        return sd.reshape(sd.permute(split, 0, 2, 1, 3), rows, width);
    }

    private SDVariable undecayed(SDVariable variable) {
        withoutWeightDecay.add(variable.name());
        return variable;
    }
}
