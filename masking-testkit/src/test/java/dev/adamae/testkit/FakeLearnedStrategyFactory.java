package dev.adamae.testkit;

import dev.adamae.api.Initializers;
import dev.adamae.api.LearnedSampler;
import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.SamplerLossInputs;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenSampling;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned strategy written by hand for the tests: a linear token scorer, a softmax over the
 * clip's tokens, masks drawn without replacement from it, and a REINFORCE loss term.
 */
public final class FakeLearnedStrategyFactory implements MaskingStrategyFactory {

    static final String NAME = "fake-learned";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Linear token scorer trained by REINFORCE (test fake)";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        return new FakeLearnedStrategy(settings.getRatio("default-ratio"), settings.getDouble("loss-weight", 0, 1),
                Fault.NONE);
    }

    /** Mistakes a sampler's author can make, for showing that the kit finds each. */
    enum Fault {
        NONE,
        /** A variable named outside the scope the host gives. */
        UNSCOPED_VARIABLE,
        /** Scores squashed one by one (a sigmoid) instead of a softmax over the clip's tokens. */
        NOT_A_DISTRIBUTION,
        /** A variable the probabilities never use: the loss cannot train it. */
        UNUSED_VARIABLE,
        /** A loss term per clip instead of a scalar. */
        LOSS_PER_CLIP,
        /** A loss term that reaches into the host's graph for a variable beyond the tokens. */
        REACHES_INTO_THE_HOST,
        /** Initial values drawn from ND4J's global generator instead of the seeded one. */
        UNSEEDED_WEIGHTS,
        /** Variable shapes listed transposed against those the build creates. */
        MISLISTED_SHAPES
    }

    /** Returns a strategy with the given fault, at ratio 0.75 and loss weight 0.5. */
    static MaskingStrategy faulty(Fault fault) {
        return new FakeLearnedStrategy(0.75, 0.5, fault);
    }

    static final class FakeLearnedStrategy implements MaskingStrategy, LearnedSampler {

        static final String SCORE_WEIGHTS = "score/w";

        private final double defaultRatio;
        private final double lossWeight;
        private final Fault fault;

        FakeLearnedStrategy(double defaultRatio, double lossWeight, Fault fault) {
            this.defaultRatio = defaultRatio;
            this.lossWeight = lossWeight;
            this.fault = fault;
        }

        @Override
        public double defaultRatio() {
            return defaultRatio;
        }

        @Override
        public int visibleCount(TokenGrid grid, double ratio) {
            return MaskRatio.checkVisible(MaskRatio.keptOf(grid.tokenCount(), ratio), grid, ratio, "tokens");
        }

        @Override
        public TokenMask sample(MaskRequest request) {
            return TokenSampling.fromProbabilities(request, visibleCount(request.grid(), request.ratio()), NAME);
        }

        @Override
        public Optional<LearnedSampler> learnedSampler() {
            return Optional.of(this);
        }

        @Override
        public SamplerGraph build(SamplerGraphInputs in) {
            SameDiff sd = in.sameDiff();
            int tokens = in.grid().tokenCount();
            String weightsName = fault == Fault.UNSCOPED_VARIABLE ? SCORE_WEIGHTS : in.name(SCORE_WEIGHTS);
            SDVariable weights = sd.var(weightsName, fault == Fault.UNSEEDED_WEIGHTS
                    ? Nd4j.randn(DataType.FLOAT, in.width(), 1)
                    : Initializers.truncatedNormal(in.random(), 0.1, in.width(), 1));
            if (fault == Fault.UNUSED_VARIABLE) {
                sd.var(in.name("unused"), Initializers.truncatedNormal(in.random(), 0.1, in.width(), 1));
            }
            SDVariable flat = sd.reshape(in.tokens(), (long) in.batchSize() * tokens, in.width());
            SDVariable scores = sd.reshape(flat.mmul(weights), in.batchSize(), tokens);
            SDVariable probabilities = fault == Fault.NOT_A_DISTRIBUTION
                    ? sd.nn.sigmoid(in.name("probabilities"), scores)
                    : sd.nn.softmax(in.name("probabilities"), scores, 1);
            return new SamplerGraph(probabilities, Set.of());
        }

        @Override
        public SDVariable loss(SamplerLossInputs in) {
            SameDiff sd = in.sameDiff();
            SDVariable logP = sd.math.log(in.sampler().probabilities());
            SDVariable perToken = logP.mul(in.tokenErrors()).mul(in.hiddenIndicator());
            double count = (double) in.batchSize() * in.hiddenCount();
            if (fault == Fault.LOSS_PER_CLIP) {
                return perToken.sum(1).neg().div(in.name("loss"), count);
            }
            if (fault == Fault.REACHES_INTO_THE_HOST) {
                SDVariable hostTerm = sd.variables().stream()
                        .filter(variable -> variable.getVariableType() == VariableType.VARIABLE
                                && !variable.name().startsWith(in.scope()))
                        .map(SDVariable::sum)
                        .reduce(SDVariable::add)
                        .orElseThrow();
                perToken = perToken.add(hostTerm.mul(1e-3));
            }
            return perToken.sum().neg().div(in.name("loss"), count);
        }

        @Override
        public double lossWeight() {
            return lossWeight;
        }

        @Override
        public Optional<Map<String, long[]>> variableShapes(TokenGrid grid, int width, int heads, String scope) {
            return Optional.of(Map.of(scope + SCORE_WEIGHTS,
                    fault == Fault.MISLISTED_SHAPES ? new long[] {1, width} : new long[] {width, 1}));
        }
    }
}
