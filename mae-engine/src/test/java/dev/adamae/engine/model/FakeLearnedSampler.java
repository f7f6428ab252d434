package dev.adamae.engine.model;

import dev.adamae.api.Initializers;
import dev.adamae.api.LearnedSampler;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.SamplerLossInputs;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned sampler written by hand for the tests: a linear token scorer with a bias, a softmax
 * over each clip's tokens, and a REINFORCE loss term over the hidden tokens.
 */
final class FakeLearnedSampler implements LearnedSampler {

    static final String SCORE_WEIGHTS = "score/weight";
    static final String SCORE_BIAS = "score/bias";
    static final String LOSS = "loss";

    private final double lossWeight;
    private final String variableScope;

    /** Creates a sampler whose variables carry the scope the engine hands it. */
    FakeLearnedSampler(double lossWeight) {
        this(lossWeight, null);
    }

    /**
     * Creates a sampler that may break the SPI's naming rule.
     *
     * @param variableScope the prefix of its variables instead of the engine's scope, or {@code null}
     */
    FakeLearnedSampler(double lossWeight, String variableScope) {
        this.lossWeight = lossWeight;
        this.variableScope = variableScope;
    }

    @Override
    public SamplerGraph build(SamplerGraphInputs in) {
        SameDiff sd = in.sameDiff();
        int tokens = in.grid().tokenCount();
        String scope = variableScope == null ? in.scope() : variableScope;
        SDVariable weights = sd.var(scope + SCORE_WEIGHTS, Initializers.truncatedNormal(in.random(), 0.1, in.width(), 1));
        SDVariable bias = sd.var(scope + SCORE_BIAS, Nd4j.zeros(DataType.FLOAT, 1));
        SDVariable flat = sd.reshape(in.tokens(), (long) in.batchSize() * tokens, in.width());
        SDVariable scores = sd.reshape(sd.nn.biasAdd(flat.mmul(weights), bias, false), in.batchSize(), tokens);
        SDVariable probabilities = sd.nn.softmax(in.name("probabilities"), scores, 1);
        return new SamplerGraph(probabilities, Set.of(bias.name()));
    }

    @Override
    public SDVariable loss(SamplerLossInputs in) {
        SameDiff sd = in.sameDiff();
        SDVariable logP = sd.math.log(in.sampler().probabilities());
        SDVariable perToken = logP.mul(in.tokenErrors()).mul(in.hiddenIndicator());
        return perToken.sum().neg().div(in.name(LOSS), (double) in.batchSize() * in.hiddenCount());
    }

    @Override
    public double lossWeight() {
        return lossWeight;
    }
}
