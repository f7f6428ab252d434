package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.LearnedSampler;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.SamplerLossInputs;
import dev.adamae.api.TokenGrid;
import dev.adamae.engine.ModelSettings;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;

class ModelFlopsTest {

    @Test
    void tinyAtTubeNinetyPercentAndBatchEightCostsAbout20GigaflopsPerTrainingStep() {
        ModelSettings tiny = Presets.model("tiny");
        // Tube 0.9 on 8x8x8: 7 of 64 positions visible in each of 8 slices.
        int visible = 56;
        double tokenizer = 8.0 * 512 * 384 * 192;
        double encoderBlock = 8.0 * 56 * 192 * (4 * 192 + 2 * 768) + 2.0 * 8 * 56 * 56 * 192;
        double bridge = 8.0 * 56 * 192 * 96;
        double decoderBlock = 8.0 * 512 * 96 * (4 * 96 + 2 * 384) + 2.0 * 8 * 512 * 512 * 96;
        double head = 8.0 * 456 * 96 * 384;
        double forward = 2 * (tokenizer + 6 * encoderBlock + bridge + 2 * decoderBlock + head);
        assertThat(ModelFlops.forward(tiny, 8, visible)).isCloseTo(forward, within(1.0));
        assertThat(ModelFlops.trainingStep(tiny, 8, visible) / 1e9).isCloseTo(20.4, within(0.2));
    }

    @Test
    void fewerVisibleTokensCostLessAndTheCostGrowsWithTheBatch() {
        ModelSettings tiny = Presets.model("tiny");
        assertThat(ModelFlops.forward(tiny, 8, 25)).isLessThan(ModelFlops.forward(tiny, 8, 56));
        assertThat(ModelFlops.forward(tiny, 16, 56)).isCloseTo(2 * ModelFlops.forward(tiny, 8, 56), within(1.0));
    }

    @Test
    void withoutASamplerEveryStrategyIsCountedFromItsVisibleTokensAlone() {
        ModelSettings tiny = Presets.model("tiny");
        assertThat(ModelFlops.trainingStep(tiny, 8, 56, null)).hasValue(ModelFlops.trainingStep(tiny, 8, 56));
    }

    @Test
    void aSamplerThatCountsItsNetworkAddsFourPassesOfItAndOneMoreTokenizerPass() {
        ModelSettings tiny = Presets.model("tiny");
        double network = 1e9;
        double tokenizer = 8.0 * 512 * 384 * 192;
        assertThat(ModelFlops.trainingStep(tiny, 8, 25, sampler(OptionalDouble.of(network))).orElseThrow())
                .isCloseTo(ModelFlops.trainingStep(tiny, 8, 25) + 2 * (4 * network + tokenizer), within(1.0));
    }

    @Test
    void aSamplerThatDoesNotCountItsNetworkLeavesTheStepUncounted() {
        assertThat(ModelFlops.trainingStep(Presets.model("tiny"), 8, 25, sampler(OptionalDouble.empty()))).isEmpty();
    }

    /** A sampler that only reports a count; the engine never builds it here. */
    private static LearnedSampler sampler(OptionalDouble multiplyAdds) {
        return new LearnedSampler() {
            @Override
            public SamplerGraph build(SamplerGraphInputs inputs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public SDVariable loss(SamplerLossInputs inputs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double lossWeight() {
                return 1e-4;
            }

            @Override
            public OptionalDouble forwardMultiplyAdds(TokenGrid grid, int batchSize, int width, int heads) {
                assertThat(batchSize).isEqualTo(8);
                assertThat(width).isEqualTo(192);
                return multiplyAdds;
            }
        };
    }
}
