package dev.adamae.masking.adaptive;

import dev.adamae.api.LearnedSampler;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.SamplerLossInputs;
import dev.adamae.api.TokenGrid;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * AdaMAE's adaptive token sampler: a small network on the tokenizer's output that gives each
 * clip a categorical distribution over its tokens, and the REINFORCE loss term that trains it.
 *
 * <p>The network (see {@link SamplerNetwork}) adds its own zero-initialised position embedding to
 * the tokens, runs one pre-norm transformer block (or, for the ablation, the block's MLP alone),
 * scores each token with {@code Linear(D -> 1)}, replaces NaN scores by 0 and infinite ones by
 * the largest float, as {@code torch.nan_to_num} does in the reference code, and takes the
 * softmax over the clip's tokens.
 *
 * <p>The loss term is, per clip, minus the mean over its hidden tokens of
 * {@code log p_i x err_i}, then the mean over the batch: minimising it raises the probability
 * that a token the decoder reconstructs badly is drawn visible next time. The errors arrive cut
 * from the gradient, so the term trains the sampler and the tokenizer but not the encoder or
 * decoder; no gradient of the reconstruction loss reaches the sampler, as the masks are drawn
 * outside the graph.
 *
 * <p>Stateless: each {@link #build} writes a new network into the graph it is given.
 */
public final class AdaptiveTokenSampler implements LearnedSampler {

    /** The sampler's position embedding {@code [N, D]}, zero at the start, never decayed. */
    public static final String POSITION_EMBEDDING = "position_embedding";

    /** The token scores before the softmax, as the network computes them, {@code [B, N]}. */
    public static final String LOGITS = "logits";

    /** The token probabilities, {@code [B, N]}, each row summing to 1. */
    public static final String PROBABILITIES = "probabilities";

    /** The keep mask of all dropout sites, {@code [B x N, columns]}; only with a dropout rate above 0. */
    public static final String DROPOUT_KEEP = "dropout_keep";

    /** The loss term L_s, unweighted, a scalar. */
    public static final String LOSS = "loss";

    /**
     * The bound each probability is clamped into, {@code [eps, 1 - eps]}, before its logarithm,
     * with eps float32's machine epsilon (2^-23), as the reference computes
     * {@code log(clamp(p, eps, 1 - eps))}: a probability that underflowed to 0 gives a finite loss
     * (0 x log 0 would be NaN), and a token whose probability is below eps gets no gradient from
     * this term, as in the reference.
     */
    static final double LOG_CLAMP = Math.ulp(1.0f);

    private final AdaptiveSamplerSettings settings;

    /** Creates the sampler. */
    public AdaptiveTokenSampler(AdaptiveSamplerSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("The adaptive token sampler needs its settings");
        }
        this.settings = settings;
    }

    /** Returns the sampler's settings. */
    public AdaptiveSamplerSettings settings() {
        return settings;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Uses {@link SamplerGraphInputs#heads()} attention heads, which must divide the width.
     */
    @Override
    public SamplerGraph build(SamplerGraphInputs inputs) {
        return new SamplerNetwork(inputs, settings).build();
    }

    @Override
    public SDVariable loss(SamplerLossInputs in) {
        SameDiff sd = in.sameDiff();
        // The SPI promises errors already cut from the gradient; cutting again costs nothing and
        // keeps the encoder and decoder out of this term whatever the host does.
        SDVariable errors = new StopGradient(sd, in.tokenErrors()).outputVariable();
        SDVariable logProbabilities = sd.math.log(sd.math.clipByValue(in.sampler().probabilities(), LOG_CLAMP,
                1 - LOG_CLAMP));
        SDVariable hiddenTerms = logProbabilities.mul(errors).mul(in.hiddenIndicator());
        return hiddenTerms.sum().neg().div(in.name(LOSS), (double) in.batchSize() * in.hiddenCount());
    }

    @Override
    public double lossWeight() {
        return settings.lossWeight();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Over the {@code B x N} token rows of width {@code D}: for the attention block, query, key
     * and value ({@code 3 D^2} a row), the two attention products ({@code 2 N D} a row) and the
     * projection ({@code D^2}); the MLP's two layers ({@code 2 D H}, {@code H} its hidden width);
     * the score head ({@code D}). The MLP sampler has no attention block.
     */
    @Override
    public OptionalDouble forwardMultiplyAdds(TokenGrid grid, int batchSize, int width, int heads) {
        double rows = (double) batchSize * grid.tokenCount();
        double perRow = 2.0 * width * settings.mlpWidth(width) + width;
        if (settings.architecture() == SamplerArchitecture.ATTENTION) {
            perRow += 4.0 * width * width + 2.0 * grid.tokenCount() * width;
        }
        return OptionalDouble.of(rows * perRow);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The position embedding {@code [N, D]}; for the attention block its two norms, the qkv
     * weight {@code [D, 3D]} and the projection; the MLP's two layers; the score head {@code [D, 1]}.
     */
    @Override
    public Optional<Map<String, long[]>> variableShapes(TokenGrid grid, int width, int heads, String scope) {
        return Optional.of(SamplerNetwork.variableShapes(settings, grid, width, scope));
    }
}
