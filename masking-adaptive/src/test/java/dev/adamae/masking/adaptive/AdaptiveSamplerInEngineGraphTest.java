package dev.adamae.masking.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.ClipNormalization;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.model.VideoMaeNames;
import dev.adamae.engine.train.Seeds;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sampler inside the real model graph of the engine, {@code test} preset (32 tokens), with
 * masks drawn from its own probabilities as the training loop draws them.
 */
class AdaptiveSamplerInEngineGraphTest {

    private static final int BATCH = 2;
    private static final double RATIO = 0.75;
    private static final String SCOPE = VideoMaeNames.SAMPLER_SCOPE;
    private static final String HEAD_BIAS = SCOPE + SamplerNetwork.HEAD + SamplerNetwork.BIAS;

    @Test
    void theReconstructionLossSendsNoGradientIntoTheSampler() {
        Model model = new Model("dropout = 0");
        Map<String, INDArray> gradients = model.gradientsOf(VideoMaeNames.LOSS_RECONSTRUCTION);

        assertThat(model.samplerVariables()).isNotEmpty();
        for (String name : model.graph.trainableVariables()) {
            if (isSampler(name)) {
                assertThat(normOf(gradients.get(name))).as(name).isZero();
            }
        }
        assertThat(normOf(gradients.get(VideoMaeNames.TOKENIZER_WEIGHT))).isPositive();
    }

    @Test
    void theSamplerLossTrainsTheSamplerAndTheTokenizerButNotTheEncoderOrDecoder() {
        Model model = new Model("dropout = 0");
        Map<String, INDArray> gradients = model.gradientsOf(VideoMaeNames.LOSS_STRATEGY);

        assertThat(normOf(gradients.get(VideoMaeNames.TOKENIZER_WEIGHT))).isPositive();
        for (String name : model.graph.trainableVariables()) {
            if (name.startsWith("encoder") || name.startsWith("decoder")) {
                assertThat(normOf(gradients.get(name))).as(name).isZero();
            } else if (isSampler(name) && !name.equals(HEAD_BIAS)) {
                // The head's bias shifts every logit alike, which the softmax ignores.
                assertThat(normOf(gradients.get(name))).as(name).isPositive();
            }
        }
        assertThat(model.graph.trainableVariables()).anyMatch(name -> name.startsWith("encoder"))
                .anyMatch(name -> name.startsWith("decoder"));
    }

    @Test
    void seededAsTheTrainingLoopSeedsItTheGradientPassSeesTheDropoutMaskTheMaskWasDrawnWith() {
        Model model = new Model("dropout = 0.1");
        long graphSeed = Seeds.derive(0, Seeds.GRAPH, 3);

        Nd4j.getRandom().setSeed(graphSeed);
        INDArray sampled = model.probabilities();
        TokenMask mask = model.strategy.sample(new MaskRequest(model.spec.grid(), RATIO, BATCH,
                new SplittableRandom(1), TokenProbabilities.of(model.spec.grid(), sampled)));
        Nd4j.getRandom().setSeed(graphSeed);
        Map<String, INDArray> outputs = model.graph.sameDiff().calculateGradientsAndOutputs(
                model.graph.inputs(model.clips, mask),
                List.of(VideoMaeNames.LOSS_TOTAL, VideoMaeNames.TOKEN_PROBABILITIES),
                model.graph.trainableVariables()).getOutputs();
        Nd4j.getRandom().setSeed(graphSeed + 1);
        INDArray otherStep = model.probabilities();

        assertThat(outputs.get(VideoMaeNames.TOKEN_PROBABILITIES)).isEqualTo(sampled);
        assertThat(otherStep).as("dropout is active").isNotEqualTo(sampled);
    }

    @Test
    void theSamplersVariablesAreInItsScopeAndItsUndecayedOnesReachTheOptimiser() {
        Model model = new Model("");

        assertThat(model.graph.withoutWeightDecay())
                .contains(SCOPE + AdaptiveTokenSampler.POSITION_EMBEDDING, HEAD_BIAS,
                        SCOPE + SamplerNetwork.NORM1 + SamplerNetwork.GAIN)
                .doesNotContain(SCOPE + SamplerNetwork.QKV + SamplerNetwork.WEIGHT);
        assertThat(model.samplerVariables()).hasSize(14);
        assertThat(model.graph.sameDiff().getArrForVarName(SCOPE + AdaptiveTokenSampler.POSITION_EMBEDDING).shape())
                .containsExactly(model.spec.tokenCount(), model.spec.model().encoder().width());
    }

    private static boolean isSampler(String name) {
        return name.startsWith(SCOPE);
    }

    /** SameDiff gives no gradient at all to a variable the loss does not reach. */
    private static double normOf(INDArray gradient) {
        return gradient == null ? 0 : gradient.norm2Number().doubleValue();
    }

    /** The engine's graph of the {@code test} preset with an adaptive sampler, clips, and a mask drawn from it. */
    private static final class Model {

        final AdaptiveMaskingStrategy strategy;
        final VideoMaeGraphSpec spec;
        final VideoMaeGraph graph;
        final INDArray clips;

        Model(String samplerSettings) {
            strategy = Strategies.adaptive(samplerSettings);
            ModelSettings settings = ModelSettings.from(ConfigFactory.parseFile(new File("../conf/presets/test.conf"))
                    .withFallback(ConfigFactory.defaultReference()).resolve());
            spec = new VideoMaeGraphSpec(settings, BATCH, strategy.visibleCount(settings.grid(), RATIO),
                    LossType.MSE_NORMALIZED, 42);
            graph = VideoMaeGraph.build(spec, strategy.learnedSampler());
            Nd4j.getRandom().setSeed(5);
            clips = ClipNormalization.normalize(Nd4j.rand(DataType.FLOAT, BATCH, ModelSettings.CHANNELS,
                    settings.clipFrames(), settings.clipHeight(), settings.clipWidth()));
        }

        INDArray probabilities() {
            return graph.sameDiff().output(graph.clipInputs(clips), VideoMaeNames.TOKEN_PROBABILITIES)
                    .get(VideoMaeNames.TOKEN_PROBABILITIES);
        }

        /** Returns the gradients of {@code loss} alone on every trainable variable, for a mask drawn from the sampler. */
        Map<String, INDArray> gradientsOf(String loss) {
            TokenMask mask = strategy.sample(new MaskRequest(spec.grid(), RATIO, BATCH, new SplittableRandom(2),
                    TokenProbabilities.of(spec.grid(), probabilities())));
            graph.sameDiff().setLossVariables(loss);
            return graph.sameDiff().calculateGradients(graph.inputs(clips, mask), graph.trainableVariables());
        }

        List<String> samplerVariables() {
            return graph.trainableVariables().stream().filter(AdaptiveSamplerInEngineGraphTest::isSampler).toList();
        }
    }
}
