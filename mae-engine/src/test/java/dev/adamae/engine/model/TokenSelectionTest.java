package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Token selection: the host's one-hot matrices and tubelet rows, and what the graph picks with them. */
class TokenSelectionTest {

    private static final TokenGrid GRID = new TokenGrid(1, 2, 3);
    private static final TokenMask MASK = new TokenMask(GRID, new int[][] {{1, 4}, {0, 5}});

    @Test
    void eachVisibleRowIsOneHotAtTheNextVisibleTokenInAscendingOrder() {
        INDArray visible = TokenSelection.visible(MASK);

        assertThat(visible.shape()).containsExactly(2, 2, 6);
        assertThat(visible.slice(0).toFloatMatrix()).isEqualTo(new float[][] {{0, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 0}});
        assertThat(visible.slice(1).toFloatMatrix()).isEqualTo(new float[][] {{1, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 1}});
    }

    @Test
    void theHiddenRowsPickTheRestOfTheTokensInAscendingOrder() {
        INDArray hidden = TokenSelection.hidden(MASK);

        assertThat(hidden.shape()).containsExactly(2, 4, 6);
        assertThat(hidden.slice(0).argMax(1).toIntVector()).containsExactly(0, 2, 3, 5);
        assertThat(hidden.slice(1).argMax(1).toIntVector()).containsExactly(1, 2, 3, 4);
        assertThat(hidden.sumNumber().intValue()).isEqualTo(8);
    }

    @Test
    void theEncoderSeesExactlyTheVisibleTokensWithTheirOwnPositionCodes() {
        VideoMaeGraphSpec spec = Batches.testSpec(2, LossType.MSE_NORMALIZED);
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        TokenMask mask = Batches.randomMask(spec, 11);
        Map<String, INDArray> outputs = graph.sameDiff().output(graph.inputs(Batches.randomClips(spec, 5), mask),
                VideoMaeNames.TOKENS, VideoMaeNames.VISIBLE_TOKENS);
        INDArray tokens = outputs.get(VideoMaeNames.TOKENS);
        INDArray visibleTokens = outputs.get(VideoMaeNames.VISIBLE_TOKENS);
        INDArray codes = PositionCodes.sinusoid(spec.tokenCount(), spec.model().encoder().width());

        assertThat(visibleTokens.shape()).containsExactly(2, spec.visibleCount(), spec.model().encoder().width());
        for (int clip = 0; clip < 2; clip++) {
            int[] visible = mask.visible(clip);
            for (int row = 0; row < visible.length; row++) {
                INDArray expected = tokens.get(NDArrayIndex.point(clip), NDArrayIndex.point(visible[row]))
                        .add(codes.getRow(visible[row]));
                INDArray actual = visibleTokens.get(NDArrayIndex.point(clip), NDArrayIndex.point(row));
                assertThat(actual.equalsWithEps(expected, 1e-5)).as("clip %d, row %d", clip, row).isTrue();
            }
        }
    }

    @Test
    void theEncoderDependsOnTheVisibleTubeletsAloneAndTheLossTrainsTheTokenizer() {
        VideoMaeGraphSpec spec = Batches.testSpec(2, LossType.MSE_NORMALIZED);
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        TokenMask mask = Batches.randomMask(spec, 13);
        INDArray clips = Batches.randomClips(spec, 5);
        INDArray encoded = encoderOutput(graph, clips, mask);

        INDArray hiddenChanged = clips.dup();
        for (int clip = 0; clip < 2; clip++) {
            for (int token : mask.hidden(clip)) {
                pixelsOf(hiddenChanged, spec, clip, token).addi(0.5);
            }
        }
        assertThat(encoderOutput(graph, hiddenChanged, mask).equalsWithEps(encoded, 1e-6)).isTrue();

        INDArray visibleChanged = clips.dup();
        pixelsOf(visibleChanged, spec, 1, mask.visible(1)[0]).addi(0.5);
        INDArray changed = encoderOutput(graph, visibleChanged, mask);
        assertThat(changed.slice(0).equalsWithEps(encoded.slice(0), 1e-6)).as("the other clip").isTrue();
        assertThat(changed.slice(1).equalsWithEps(encoded.slice(1), 1e-3)).as("the changed clip").isFalse();

        Map<String, INDArray> gradients = graph.sameDiff().calculateGradients(graph.inputs(clips, mask),
                VideoMaeNames.TOKENIZER_WEIGHT, VideoMaeNames.TOKENIZER_BIAS);
        assertThat(gradients.get(VideoMaeNames.TOKENIZER_WEIGHT).norm2Number().doubleValue()).isGreaterThan(0);
        assertThat(gradients.get(VideoMaeNames.TOKENIZER_BIAS).norm2Number().doubleValue()).isGreaterThan(0);
    }

    private static INDArray encoderOutput(VideoMaeGraph graph, INDArray clips, TokenMask mask) {
        return graph.sameDiff().output(graph.inputs(clips, mask), VideoMaeNames.ENCODER_OUTPUT)
                .get(VideoMaeNames.ENCODER_OUTPUT).dup();
    }

    /** The pixels of one token of one clip, every channel: a view. */
    private static INDArray pixelsOf(INDArray clips, VideoMaeGraphSpec spec, int clip, int token) {
        TokenGrid grid = spec.grid();
        var model = spec.model();
        int t = token / (grid.height() * grid.width());
        int h = token / grid.width() % grid.height();
        int w = token % grid.width();
        return clips.get(NDArrayIndex.point(clip), NDArrayIndex.all(),
                NDArrayIndex.interval(t * model.tubeletFrames(), (t + 1) * model.tubeletFrames()),
                NDArrayIndex.interval(h * model.tubeletHeight(), (h + 1) * model.tubeletHeight()),
                NDArrayIndex.interval(w * model.tubeletWidth(), (w + 1) * model.tubeletWidth()));
    }
}
