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
import java.util.Optional;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

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
        return new FakeLearnedStrategy(settings.getRatio("default-ratio"), settings.getDouble("loss-weight", 0, 1));
    }

    static final class FakeLearnedStrategy implements MaskingStrategy, LearnedSampler {

        static final String SCORE_WEIGHTS = "score/w";

        private final double defaultRatio;
        private final double lossWeight;

        FakeLearnedStrategy(double defaultRatio, double lossWeight) {
            this.defaultRatio = defaultRatio;
            this.lossWeight = lossWeight;
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
            SDVariable weights = sd.var(in.name(SCORE_WEIGHTS),
                    Initializers.truncatedNormal(in.random(), 0.1, in.width(), 1));
            SDVariable flat = sd.reshape(in.tokens(), (long) in.batchSize() * tokens, in.width());
            SDVariable scores = sd.reshape(flat.mmul(weights), in.batchSize(), tokens);
            SDVariable probabilities = sd.nn.softmax(in.name("probabilities"), scores, 1);
            return new SamplerGraph(probabilities, Set.of());
        }

        @Override
        public SDVariable loss(SamplerLossInputs in) {
            SameDiff sd = in.sameDiff();
            SDVariable logP = sd.math.log(in.sampler().probabilities());
            SDVariable perToken = logP.mul(in.tokenErrors()).mul(in.hiddenIndicator());
            return perToken.sum().neg().div(in.name("loss"), (double) in.batchSize() * in.hiddenCount());
        }

        @Override
        public double lossWeight() {
            return lossWeight;
        }
    }
}
