package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.LearnedSampler;
import dev.adamae.api.TokenMask;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The video MAE graph with a learned sampler attached through the SPI, driven by a hand-written fake. */
class LearnedSamplerGraphTest {

    private static final int BATCH = 2;
    private static final double LOSS_WEIGHT = 0.5;
    private static final String SAMPLER_WEIGHTS = VideoMaeNames.SAMPLER_SCOPE + FakeLearnedSampler.SCORE_WEIGHTS;
    private static final String SAMPLER_BIAS = VideoMaeNames.SAMPLER_SCOPE + FakeLearnedSampler.SCORE_BIAS;

    private final VideoMaeGraphSpec spec = Batches.testSpec(BATCH, LossType.MSE_NORMALIZED);
    private final INDArray clips = Batches.randomClips(spec, 5);
    private final TokenMask mask = Batches.randomMask(spec, 19);
    private final VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.of(new FakeLearnedSampler(LOSS_WEIGHT)));

    @Test
    void theSamplersProbabilitiesNeedOnlyTheClipAndFormADistributionPerClip() {
        INDArray probabilities = graph.sameDiff().output(graph.clipInputs(clips), VideoMaeNames.TOKEN_PROBABILITIES)
                .get(VideoMaeNames.TOKEN_PROBABILITIES);

        assertThat(graph.hasLearnedSampler()).isTrue();
        assertThat(probabilities.shape()).containsExactly(BATCH, spec.tokenCount());
        assertThat(probabilities.minNumber().doubleValue()).isPositive();
        for (int clip = 0; clip < BATCH; clip++) {
            assertThat(probabilities.getRow(clip).sumNumber().doubleValue()).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void theSamplersVariablesAreTrainableAndItsUndecayedNamesAreKept() {
        assertThat(graph.trainableVariables()).contains(SAMPLER_WEIGHTS, SAMPLER_BIAS);
        assertThat(graph.withoutWeightDecay()).contains(SAMPLER_BIAS).doesNotContain(SAMPLER_WEIGHTS);
    }

    @Test
    void theTotalLossIsTheReconstructionLossPlusTheWeightedSamplerLoss() {
        Map<String, INDArray> outputs = graph.sameDiff().output(graph.inputs(clips, mask),
                VideoMaeNames.LOSS_TOTAL, VideoMaeNames.LOSS_RECONSTRUCTION, VideoMaeNames.LOSS_STRATEGY);
        double reconstruction = outputs.get(VideoMaeNames.LOSS_RECONSTRUCTION).getDouble(0);
        double strategy = outputs.get(VideoMaeNames.LOSS_STRATEGY).getDouble(0);

        assertThat(strategy).isPositive();
        assertThat(graph.sameDiff().getLossVariables()).containsExactly(VideoMaeNames.LOSS_TOTAL);
        assertThat(outputs.get(VideoMaeNames.LOSS_TOTAL).getDouble(0))
                .isCloseTo(reconstruction + LOSS_WEIGHT * strategy, within(1e-5));
    }

    @Test
    void theReconstructionLossSendsNoGradientIntoTheSampler() {
        Map<String, INDArray> gradients = gradientsOf(VideoMaeNames.LOSS_RECONSTRUCTION);

        for (String name : graph.trainableVariables()) {
            if (isSampler(name)) {
                assertThat(normOf(gradients.get(name))).as(name).isZero();
            } else {
                assertThat(normOf(gradients.get(name))).as(name).isPositive();
            }
        }
    }

    @Test
    void theSamplerLossTrainsTheSamplerAndTheTokenizerButNotTheEncoderOrDecoder() {
        Map<String, INDArray> gradients = gradientsOf(VideoMaeNames.LOSS_STRATEGY);

        for (String name : graph.trainableVariables()) {
            if (isSampler(name) || name.equals(VideoMaeNames.TOKENIZER_WEIGHT)) {
                assertThat(normOf(gradients.get(name))).as(name).isPositive();
            } else if (!name.equals(VideoMaeNames.TOKENIZER_BIAS)) {
                assertThat(normOf(gradients.get(name))).as(name).isZero();
            }
        }
    }

    @Test
    void theModelsWeightsDoNotDependOnWhetherASamplerIsAttached() {
        VideoMaeGraph plain = VideoMaeGraph.build(spec, Optional.empty());

        for (String name : plain.trainableVariables()) {
            assertThat(graph.sameDiff().getArrForVarName(name)).as(name)
                    .isEqualTo(plain.sameDiff().getArrForVarName(name));
        }
    }

    @Test
    void aSamplerThatAddsVariablesOutsideItsScopeIsRefused() {
        LearnedSampler outsideItsScope = new FakeLearnedSampler(LOSS_WEIGHT, "elsewhere/");

        assertThatThrownBy(() -> VideoMaeGraph.build(spec, Optional.of(outsideItsScope)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("elsewhere/" + FakeLearnedSampler.SCORE_WEIGHTS)
                .hasMessageContaining(VideoMaeNames.SAMPLER_SCOPE);
    }

    /** Returns the gradients of {@code loss} alone, all trainable variables requested at once. */
    private Map<String, INDArray> gradientsOf(String loss) {
        graph.sameDiff().setLossVariables(loss);
        List<String> variables = graph.trainableVariables();
        return graph.sameDiff().calculateGradients(graph.inputs(clips, mask), variables);
    }

    private static boolean isSampler(String name) {
        return name.startsWith(VideoMaeNames.SAMPLER_SCOPE);
    }

    /** Returns the gradient's norm; SameDiff gives no gradient at all to a variable the loss does not reach. */
    private static double normOf(INDArray gradient) {
        return gradient == null ? 0 : gradient.norm2Number().doubleValue();
    }
}
