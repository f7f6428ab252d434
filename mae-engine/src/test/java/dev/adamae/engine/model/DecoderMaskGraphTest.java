package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.TokenMask;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The video MAE graph with a decoder mask (dual masking), on the {@code test} preset. */
class DecoderMaskGraphTest {

    private static final int BATCH = 2;

    private final VideoMaeGraphSpec full = Batches.testSpec(BATCH, LossType.MSE_NORMALIZED);
    private final INDArray clips = Batches.randomClips(full, 5);
    private final TokenMask mask = Batches.randomMask(full, 17);
    /** A decoder mask that keeps half the tokens of each clip. */
    private final TokenMask decoderMask = TokenMask.ofClips(full.grid(), BATCH,
            clip -> dev.adamae.api.TokenSampling.uniformSubset(full.tokenCount(), full.tokenCount() / 2,
                    new SplittableRandom(100 + clip)));

    @Test
    void decodingEveryHiddenTokenThroughTheDecoderMaskPathGivesBitIdenticalLossesAndGradients() {
        VideoMaeGraph plain = VideoMaeGraph.build(full, Optional.empty());
        VideoMaeGraphSpec allDecoded = new VideoMaeGraphSpec(full.model(), BATCH, full.visibleCount(), full.lossType(),
                full.seed(), full.hiddenCount());
        VideoMaeGraph viaDecoder = VideoMaeGraph.build(allDecoded, Optional.empty());
        DecodedTokens everyHidden = DecodedTokens.choose(mask, decoderMask, full.hiddenCount(), new SplittableRandom(3));

        Map<String, INDArray> plainInputs = plain.inputs(clips, mask);
        Map<String, INDArray> decoderInputs = viaDecoder.inputs(clips, mask, everyHidden);
        Map<String, INDArray> plainGradients = plain.sameDiff().calculateGradients(plainInputs, plain.trainableVariables());
        Map<String, INDArray> decoderGradients = viaDecoder.sameDiff().calculateGradients(decoderInputs,
                viaDecoder.trainableVariables());

        assertThat(allDecoded.hasDecoderMask()).isFalse();
        assertThat(Float.floatToIntBits(loss(viaDecoder, decoderInputs)))
                .isEqualTo(Float.floatToIntBits(loss(plain, plainInputs)));
        for (String name : plain.trainableVariables()) {
            assertThat(decoderGradients.get(name)).as(name).isEqualTo(plainGradients.get(name));
        }
    }

    @Test
    void theLossIsTheMeanErrorOverExactlyTheDecodedTokensAndTheSamplerSeesNoOtherError() {
        int decodedCount = DecodedTokens.count(full.hiddenCount(), decoderMask.visibleCount(), full.tokenCount());
        VideoMaeGraphSpec spec = new VideoMaeGraphSpec(full.model(), BATCH, full.visibleCount(), full.lossType(),
                full.seed(), decodedCount);
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.of(new FakeLearnedSampler(1e-2)));
        DecodedTokens decoded = DecodedTokens.choose(mask, decoderMask, decodedCount, new SplittableRandom(3));
        Map<String, INDArray> outputs = graph.sameDiff().output(graph.inputs(clips, mask, decoded),
                VideoMaeNames.PREDICTION, VideoMaeNames.TARGET, VideoMaeNames.TOKEN_ERROR_MAP,
                VideoMaeNames.HIDDEN_INDICATOR, VideoMaeNames.LOSS_RECONSTRUCTION);
        INDArray prediction = outputs.get(VideoMaeNames.PREDICTION);
        INDArray target = outputs.get(VideoMaeNames.TARGET);
        INDArray errorMap = outputs.get(VideoMaeNames.TOKEN_ERROR_MAP);
        INDArray indicator = outputs.get(VideoMaeNames.HIDDEN_INDICATOR);

        assertThat(decodedCount).isBetween(1, full.hiddenCount() - 1);
        assertThat(spec.decoderLength()).isEqualTo(full.visibleCount() + decodedCount);
        assertThat(prediction.shape()).containsExactly(BATCH, decodedCount, full.model().tokenValues());
        double sum = 0;
        for (int clip = 0; clip < BATCH; clip++) {
            int[] tokens = decoded.tokens(clip);
            for (int row = 0; row < tokens.length; row++) {
                INDArray difference = prediction.get(NDArrayIndex.point(clip), NDArrayIndex.point(row))
                        .sub(target.get(NDArrayIndex.point(clip), NDArrayIndex.point(tokens[row])));
                double norm = difference.norm2Number().doubleValue();
                double error = norm * norm / difference.length();
                assertThat(errorMap.getDouble(clip, tokens[row])).as("clip %d, token %d", clip, tokens[row])
                        .isCloseTo(error, within(1e-4 * error));
                sum += error;
            }
            for (int token = 0; token < full.tokenCount(); token++) {
                boolean isDecoded = decoded.isDecoded(clip, token);
                assertThat(indicator.getDouble(clip, token)).as("indicator, clip %d, token %d", clip, token)
                        .isEqualTo(isDecoded ? 1.0 : 0.0);
                if (!isDecoded) {
                    assertThat(errorMap.getDouble(clip, token)).as("error map, clip %d, token %d", clip, token)
                            .isZero();
                }
            }
        }
        double expected = sum / (BATCH * decodedCount);
        assertThat(outputs.get(VideoMaeNames.LOSS_RECONSTRUCTION).getDouble(0)).isCloseTo(expected,
                within(1e-4 * expected));
    }

    @Test
    void aGraphWithADecoderMaskRefusesInputsWithoutDecodedTokensOrWithAVisibleOne() {
        VideoMaeGraphSpec spec = new VideoMaeGraphSpec(full.model(), BATCH, full.visibleCount(), full.lossType(),
                full.seed(), full.hiddenCount() / 2);
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());

        assertThatThrownBy(() -> graph.inputs(clips, mask)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decoded tokens");
        TokenMask other = Batches.randomMask(full, 99);
        assertThatThrownBy(() -> graph.inputs(clips, mask, DecodedTokens.choose(other, decoderMask,
                spec.decodedCount(), new SplittableRandom(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visible to the encoder");
    }

    private static float loss(VideoMaeGraph graph, Map<String, INDArray> inputs) {
        return graph.sameDiff().output(inputs, VideoMaeNames.LOSS_TOTAL).get(VideoMaeNames.LOSS_TOTAL).getFloat(0);
    }
}
