package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.TokenMask;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The video MAE graph on the {@code test} preset without a learned sampler. */
class VideoMaeGraphTest {

    private static final int BATCH = 2;

    private final VideoMaeGraphSpec spec = Batches.testSpec(BATCH, LossType.MSE_NORMALIZED);
    private final INDArray clips = Batches.randomClips(spec, 5);
    private final TokenMask mask = Batches.randomMask(spec, 17);

    @Test
    void aBatchCutOnceForAStrategyGivesTheGraphTheSameInputsAsTheClips() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        ClipContents.CutClips cut = ClipContents.cut(clips, spec.model());
        Map<String, INDArray> fromClips = graph.inputs(clips, mask);
        Map<String, INDArray> fromCut = graph.inputs(cut, mask, DecodedTokens.allHidden(mask));
        Map<String, INDArray> fromContent = graph.inputs(cut.content(), mask);
        assertThat(fromCut.keySet()).isEqualTo(fromClips.keySet());
        fromClips.forEach((name, value) -> {
            assertThat(fromCut.get(name)).as(name).isEqualTo(value);
            assertThat(fromContent.get(name)).as(name).isEqualTo(value);
        });
        // The content is the strategy's own copy: what the graph was handed does not change it.
        float before = cut.content().values().get(0);
        cut.tubelets()[0] = before + 1;
        assertThat(cut.content().values().get(0)).isEqualTo(before);
    }

    @Test
    void oneForwardAndBackwardPassGivesAFiniteLossAndAGradientOnEveryTrainableVariable() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        Map<String, INDArray> inputs = graph.inputs(clips, mask);

        double loss = scalar(graph, inputs, VideoMaeNames.LOSS_TOTAL);
        Map<String, INDArray> gradients = graph.sameDiff().calculateGradients(inputs, graph.trainableVariables());

        assertThat(loss).isFinite().isPositive();
        assertThat(graph.trainableVariables()).isNotEmpty();
        for (String name : graph.trainableVariables()) {
            INDArray gradient = gradients.get(name);
            assertThat(gradient).as(name).isNotNull();
            assertThat(gradient.shape()).as(name).isEqualTo(graph.sameDiff().getArrForVarName(name).shape());
            assertThat(gradient.norm2Number().doubleValue()).as(name).isFinite().isGreaterThan(0);
        }
    }

    @Test
    void withoutASamplerTheTotalLossIsTheReconstructionLoss() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        Map<String, INDArray> outputs = graph.sameDiff().output(graph.inputs(clips, mask),
                VideoMaeNames.LOSS_TOTAL, VideoMaeNames.LOSS_RECONSTRUCTION);

        assertThat(graph.hasLearnedSampler()).isFalse();
        assertThat(graph.sameDiff().getLossVariables()).containsExactly(VideoMaeNames.LOSS_TOTAL);
        assertThat(graph.sameDiff().hasVariable(VideoMaeNames.LOSS_STRATEGY)).isFalse();
        assertThat(outputs.get(VideoMaeNames.LOSS_TOTAL).getDouble(0))
                .isEqualTo(outputs.get(VideoMaeNames.LOSS_RECONSTRUCTION).getDouble(0));
    }

    @ParameterizedTest
    @EnumSource(LossType.class)
    void theReconstructionLossIsTheMeanOverHiddenTokensOfEachTokensMeanError(LossType lossType) {
        VideoMaeGraphSpec lossSpec = Batches.testSpec(BATCH, lossType);
        VideoMaeGraph graph = VideoMaeGraph.build(lossSpec, Optional.empty());
        Map<String, INDArray> outputs = graph.sameDiff().output(graph.inputs(clips, mask), VideoMaeNames.PREDICTION,
                VideoMaeNames.TARGET, VideoMaeNames.TOKEN_ERRORS, VideoMaeNames.LOSS_RECONSTRUCTION);
        INDArray prediction = outputs.get(VideoMaeNames.PREDICTION);
        INDArray target = outputs.get(VideoMaeNames.TARGET);

        double sum = 0;
        for (int clip = 0; clip < BATCH; clip++) {
            int[] hidden = mask.hidden(clip);
            for (int row = 0; row < hidden.length; row++) {
                INDArray difference = prediction.get(NDArrayIndex.point(clip), NDArrayIndex.point(row))
                        .sub(target.get(NDArrayIndex.point(clip), NDArrayIndex.point(hidden[row])));
                double error = lossType.absoluteError()
                        ? difference.norm1Number().doubleValue() / difference.length()
                        : difference.norm2Number().doubleValue() * difference.norm2Number().doubleValue()
                                / difference.length();
                assertThat(outputs.get(VideoMaeNames.TOKEN_ERRORS).getDouble(clip, row))
                        .as("clip %d, hidden token %d", clip, hidden[row]).isCloseTo(error, within(1e-4 * error));
                sum += error;
            }
        }
        double expected = sum / (BATCH * lossSpec.hiddenCount());
        assertThat(outputs.get(VideoMaeNames.LOSS_RECONSTRUCTION).getDouble(0)).isCloseTo(expected,
                within(1e-4 * expected));
    }

    @Test
    void eachPredictionDecodesTheMaskTokenWithItsHiddenTokensPositionCode() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        // With the blocks' output layers zeroed every block passes its input through, so each
        // prediction is head(norm(mask token + position code)) of the hidden token it stands for.
        for (String name : graph.trainableVariables()) {
            if (name.startsWith("decoder/block") && (name.contains("/projection/") || name.contains("/fc2/"))) {
                graph.sameDiff().getArrForVarName(name).assign(0);
            }
        }
        INDArray prediction = graph.sameDiff().output(graph.inputs(clips, mask), VideoMaeNames.PREDICTION)
                .get(VideoMaeNames.PREDICTION);
        int width = spec.model().decoder().width();
        INDArray codes = PositionCodes.sinusoid(spec.tokenCount(), width);
        INDArray maskToken = graph.sameDiff().getArrForVarName(VideoMaeNames.MASK_TOKEN);
        INDArray headWeight = graph.sameDiff().getArrForVarName("decoder/head/weight");
        INDArray headBias = graph.sameDiff().getArrForVarName("decoder/head/bias");

        for (int clip = 0; clip < BATCH; clip++) {
            int[] hidden = mask.hidden(clip);
            for (int row = 0; row < hidden.length; row++) {
                INDArray input = maskToken.add(codes.getRow(hidden[row]).reshape(1, width));
                INDArray centered = input.sub(input.meanNumber());
                INDArray normalized = centered.div(Math.sqrt(centered.mul(centered).meanNumber().doubleValue() + 1e-6));
                INDArray expected = normalized.mmul(headWeight).add(headBias.reshape(1, headBias.length()));
                INDArray actual = prediction.get(NDArrayIndex.point(clip), NDArrayIndex.point(row));
                assertThat(actual.reshape(expected.shape()).equalsWithEps(expected, 1e-4))
                        .as("clip %d, hidden token %d", clip, hidden[row]).isTrue();
            }
        }
    }

    @Test
    void theErrorMapHoldsEachHiddenTokensErrorAtItsPlaceAndZeroWhereTokensAreVisible() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        Map<String, INDArray> outputs = graph.sameDiff().output(graph.inputs(clips, mask),
                VideoMaeNames.TOKEN_ERRORS, VideoMaeNames.TOKEN_ERROR_MAP, VideoMaeNames.HIDDEN_INDICATOR);
        INDArray errors = outputs.get(VideoMaeNames.TOKEN_ERRORS);
        INDArray map = outputs.get(VideoMaeNames.TOKEN_ERROR_MAP);
        INDArray indicator = outputs.get(VideoMaeNames.HIDDEN_INDICATOR);

        assertThat(map.shape()).containsExactly(BATCH, spec.tokenCount());
        for (int clip = 0; clip < BATCH; clip++) {
            int[] hidden = mask.hidden(clip);
            for (int row = 0; row < hidden.length; row++) {
                assertThat(map.getDouble(clip, hidden[row])).isCloseTo(errors.getDouble(clip, row), within(1e-6));
                assertThat(indicator.getDouble(clip, hidden[row])).isEqualTo(1.0);
            }
            for (int token : mask.visible(clip)) {
                assertThat(map.getDouble(clip, token)).isZero();
                assertThat(indicator.getDouble(clip, token)).isZero();
            }
        }
    }

    @Test
    void oneClipWithOneVisibleTokenTrainsLikeTheSameClipTwiceInABatch() {
        // One row through the encoder takes another path in attention (see TransformerStack):
        // its loss and gradients must be those of the usual path.
        VideoMaeGraphSpec single = new VideoMaeGraphSpec(spec.model(), 1, 1, spec.lossType(), spec.seed());
        VideoMaeGraphSpec twice = new VideoMaeGraphSpec(spec.model(), 2, 1, spec.lossType(), spec.seed());
        VideoMaeGraph one = VideoMaeGraph.build(single, Optional.empty());
        VideoMaeGraph two = VideoMaeGraph.build(twice, Optional.empty());
        INDArray clip = Batches.randomClips(single, 23);
        int[] visible = {13};
        Map<String, INDArray> oneInputs = one.inputs(clip, TokenMask.ofClips(single.grid(), 1, c -> visible));
        Map<String, INDArray> twoInputs = two.inputs(Nd4j.concat(0, clip, clip),
                TokenMask.ofClips(twice.grid(), 2, c -> visible));

        assertThat(scalar(one, oneInputs, VideoMaeNames.LOSS_TOTAL))
                .isCloseTo(scalar(two, twoInputs, VideoMaeNames.LOSS_TOTAL), within(1e-5));
        Map<String, INDArray> oneGradients = one.sameDiff().calculateGradients(oneInputs, one.trainableVariables());
        Map<String, INDArray> twoGradients = two.sameDiff().calculateGradients(twoInputs, two.trainableVariables());
        for (String name : one.trainableVariables()) {
            INDArray expected = twoGradients.get(name);
            INDArray actual = oneGradients.get(name);
            assertThat(actual).as(name).isNotNull();
            double scale = Math.max(1e-6, expected.norm2Number().doubleValue());
            assertThat(actual.sub(expected).norm2Number().doubleValue() / scale).as(name).isLessThan(1e-3);
        }
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOtherWeights() {
        VideoMaeGraph first = VideoMaeGraph.build(spec, Optional.empty());
        VideoMaeGraph again = VideoMaeGraph.build(spec, Optional.empty());
        VideoMaeGraph other = VideoMaeGraph.build(new VideoMaeGraphSpec(spec.model(), BATCH, spec.visibleCount(),
                spec.lossType(), spec.seed() + 1), Optional.empty());

        for (String name : first.trainableVariables()) {
            assertThat(again.sameDiff().getArrForVarName(name)).as(name)
                    .isEqualTo(first.sameDiff().getArrForVarName(name));
        }
        String weight = "encoder/block0/attention/qkv/weight";
        assertThat(other.sameDiff().getArrForVarName(weight)).isNotEqualTo(first.sameDiff().getArrForVarName(weight));
    }

    @Test
    void weightsStartXavierUniformAndBiasesZeroAndNormsIdentity() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        int width = spec.model().encoder().width();
        int mlp = spec.model().encoder().mlpWidth();
        INDArray fc1 = graph.sameDiff().getArrForVarName("encoder/block0/mlp/fc1/weight");

        assertThat(fc1.shape()).containsExactly(width, mlp);
        double bound = Math.sqrt(6.0 / (width + mlp));
        assertThat(fc1.amaxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
        assertThat(graph.sameDiff().getArrForVarName("encoder/block0/mlp/fc1/bias").amaxNumber().doubleValue())
                .isZero();
        assertThat(graph.sameDiff().getArrForVarName("encoder/norm/gain").minNumber().doubleValue()).isEqualTo(1.0);
        INDArray maskToken = graph.sameDiff().getArrForVarName(VideoMaeNames.MASK_TOKEN);
        assertThat(maskToken.amaxNumber().doubleValue()).isGreaterThan(0).isLessThanOrEqualTo(0.04 + 1e-7);
    }

    @Test
    void onlyMatrixWeightsAreDecayed() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        Set<String> expected = new HashSet<>();
        for (String name : graph.trainableVariables()) {
            if (graph.sameDiff().getArrForVarName(name).rank() == 1 || name.equals(VideoMaeNames.MASK_TOKEN)) {
                expected.add(name);
            }
        }

        assertThat(graph.withoutWeightDecay()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(graph.withoutWeightDecay()).contains("encoder/block0/attention/query_bias",
                "encoder/block0/attention/value_bias", "encoder/block0/norm1/gain", "decoder/head/bias",
                VideoMaeNames.TOKENIZER_BIAS, VideoMaeNames.MASK_TOKEN);
        assertThat(graph.trainableVariables()).noneMatch(name -> name.contains("key_bias"));
    }

    @Test
    void aFewGradientStepsOnOneBatchLowerTheReconstructionLoss() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        Map<String, INDArray> inputs = graph.inputs(clips, mask);
        List<String> variables = graph.trainableVariables();
        double before = scalar(graph, inputs, VideoMaeNames.LOSS_RECONSTRUCTION);

        // Plain gradient descent; the step is large because the loss averages over every target value.
        for (int step = 0; step < 10; step++) {
            Map<String, INDArray> gradients = graph.sameDiff().calculateGradients(inputs, variables);
            for (String name : variables) {
                graph.sameDiff().getArrForVarName(name).subi(gradients.get(name));
            }
        }

        double after = scalar(graph, inputs, VideoMaeNames.LOSS_RECONSTRUCTION);
        assertThat(after).as("loss before %s", before).isLessThan(0.95 * before);
    }

    @Test
    void eachVariablesGradientAgreesWithAFiniteDifferenceOfTheLossAlongIt() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        Map<String, INDArray> inputs = graph.inputs(clips, mask);
        Map<String, INDArray> gradients = graph.sameDiff().calculateGradients(inputs, graph.trainableVariables());
        // A central difference in float: the step is large enough that the loss's rounding stays small.
        double step = 0.03;

        for (String name : graph.trainableVariables()) {
            INDArray gradient = gradients.get(name);
            double norm = gradient.norm2Number().doubleValue();
            INDArray move = gradient.div(norm).muli(step);
            INDArray weights = graph.sameDiff().getArrForVarName(name);
            weights.addi(move);
            double up = scalar(graph, inputs, VideoMaeNames.LOSS_TOTAL);
            weights.subi(move.mul(2));
            double down = scalar(graph, inputs, VideoMaeNames.LOSS_TOTAL);
            weights.addi(move);

            assertThat((up - down) / (2 * step)).as(name).isCloseTo(norm, within(0.1 * norm + 1e-5));
        }
    }

    @Test
    void inputsRefuseAMaskOrClipsThatDoNotFitTheGraph() {
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        TokenMask oneMore = TokenMask.ofClips(spec.grid(), BATCH, clip -> range(spec.visibleCount() + 1));
        INDArray wrongShape = Nd4j.zeros(DataType.FLOAT, BATCH, 3, 4, 32, 16);

        assertThatThrownBy(() -> graph.inputs(clips, oneMore)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> graph.inputs(wrongShape, mask)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 3, 4, 32, 32]");
        assertThatThrownBy(() -> graph.inputs(clips.castTo(DataType.DOUBLE), mask))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT");
    }

    private static int[] range(int count) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = i;
        }
        return values;
    }

    private static double scalar(VideoMaeGraph graph, Map<String, INDArray> inputs, String name) {
        return graph.sameDiff().output(inputs, name).get(name).getDouble(0);
    }
}
