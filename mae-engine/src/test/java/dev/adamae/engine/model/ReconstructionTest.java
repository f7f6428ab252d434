package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The host's reassembly of predicted tokens into pixels, checked against the graph's own cut of
 * the clip into targets.
 *
 * <p>The clip is 6x12x20 pixels in tubelets of 3x2x4, a grid of 2x6x5 tokens: no two of the six
 * sizes are equal, so reading any axis in place of another, or the tokens in another order than
 * {@code t} slowest, puts values on the wrong pixels and fails.
 */
class ReconstructionTest {

    private static final ModelSettings.Transformer TRANSFORMER = new ModelSettings.Transformer(8, 1, 2, 2.0);
    private static final ModelSettings MODEL = new ModelSettings(6, 12, 20, 3, 2, 4, TRANSFORMER, TRANSFORMER, 2);
    private static final TubeletLayout LAYOUT = TubeletLayout.of(MODEL);
    private static final TokenGrid GRID = MODEL.grid();
    private static final int VISIBLE = 20;

    /** Token (t 1, h 4, w 2): none of its coordinates is 0 or equal to another. */
    private static final int PROBE = (1 * 6 + 4) * 5 + 2;

    @Test
    void theGridAndTheLayoutAreTheOnesThisTestIsWrittenFor() {
        assertThat(GRID).isEqualTo(new TokenGrid(2, 6, 5));
        assertThat(LAYOUT.tokenValues()).isEqualTo(3 * 2 * 4 * 3);
        assertThat(GRID.index(1, 4, 2)).isEqualTo(PROBE);
    }

    @ParameterizedTest
    @EnumSource(LossType.class)
    void predictionsEqualToTheGraphsTargetsOfTheHiddenTokensGiveBackTheInputPixels(LossType lossType) {
        float[] pixels = distinctPixels();
        TokenMask mask = maskHiding(PROBE);
        float[][] targets = graphTargets(lossType, pixels);

        float[] reconstruction = Reconstruction.reassemble(LAYOUT, lossType, inputOf(pixels), mask.hidden(0),
                rowsOf(targets, mask.hidden(0)));

        for (int i = 0; i < pixels.length; i++) {
            assertThat(reconstruction[i]).as("value %d", i).isCloseTo(pixels[i], within(1e-4f));
        }
    }

    @Test
    void theInputIsTheClipWithTheImageNetNormalisationUndone() {
        float[] pixels = distinctPixels();

        float[] input = inputOf(pixels);

        for (int i = 0; i < pixels.length; i++) {
            assertThat(input[i]).isCloseTo(pixels[i], within(1e-6f));
        }
    }

    @ParameterizedTest
    @EnumSource(LossType.class)
    void aConstantPredictionForOneTokenChangesItsOwnBlockOfFramesRowsAndColumnsAndNothingElse(LossType lossType) {
        float[] pixels = distinctPixels();
        TokenMask mask = maskHiding(PROBE);
        int[] hidden = mask.hidden(0);
        float[][] predictions = rowsOf(graphTargets(lossType, pixels), hidden);
        float constant = lossType.normalizesTarget() ? 3f : 0.5f;
        Arrays.fill(predictions[Arrays.binarySearch(hidden, PROBE)], constant);

        float[] reconstruction = Reconstruction.reassemble(LAYOUT, lossType, inputOf(pixels), hidden, predictions);

        // Token (1, 4, 2) covers frames 3-5, rows 8-9 and columns 8-11; worked out here, not by the layout.
        int changed = 0;
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < 6; t++) {
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 20; x++) {
                        int i = ((c * 6 + t) * 12 + y) * 20 + x;
                        boolean inBlock = t >= 3 && t < 6 && y >= 8 && y < 10 && x >= 8 && x < 12;
                        if (!inBlock) {
                            assertThat(reconstruction[i]).as("(%d, %d, %d, %d)", c, t, y, x)
                                    .isCloseTo(pixels[i], within(1e-4f));
                        } else {
                            assertThat(Math.abs(reconstruction[i] - pixels[i])).as("(%d, %d, %d, %d)", c, t, y, x)
                                    .isGreaterThan(1e-3f);
                            changed++;
                        }
                        if (inBlock && !lossType.normalizesTarget()) {
                            assertThat(reconstruction[i]).isEqualTo(constant);
                        }
                    }
                }
            }
        }
        assertThat(changed).isEqualTo(3 * 3 * 2 * 4);
    }

    @Test
    void aNormalisedPredictionIsScaledByItsOwnTubeletsChannelStatistics() {
        float[] pixels = distinctPixels();
        int[] hidden = maskHiding(PROBE).hidden(0);
        float[][] predictions = rowsOf(graphTargets(LossType.MSE_NORMALIZED, pixels), hidden);
        // A prediction of 0 everywhere is each channel's mean over the tubelet's 24 pixels.
        Arrays.fill(predictions[Arrays.binarySearch(hidden, PROBE)], 0f);

        float[] reconstruction = Reconstruction.reassemble(LAYOUT, LossType.MSE_NORMALIZED, inputOf(pixels), hidden,
                predictions);

        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int t = 3; t < 6; t++) {
                for (int y = 8; y < 10; y++) {
                    for (int x = 8; x < 12; x++) {
                        mean += pixels[((c * 6 + t) * 12 + y) * 20 + x] / 24.0;
                    }
                }
            }
            assertThat(reconstruction[((c * 6 + 4) * 12 + 9) * 20 + 10]).isCloseTo((float) mean, within(1e-5f));
        }
    }

    @Test
    void eachValueOfARawPredictionLandsOnThePixelItsPlaceInTheRowNames() {
        float[] pixels = distinctPixels();
        int[] hidden = maskHiding(PROBE).hidden(0);
        float[][] predictions = rowsOf(graphTargets(LossType.MSE_RAW, pixels), hidden);
        float[] ramp = predictions[Arrays.binarySearch(hidden, PROBE)];
        for (int j = 0; j < ramp.length; j++) {
            ramp[j] = j;
        }

        float[] reconstruction = Reconstruction.reassemble(LAYOUT, LossType.MSE_RAW, inputOf(pixels), hidden,
                predictions);

        // Value j = ((frame * 2 + row) * 4 + column) * 3 + channel within the tubelet: channel fastest.
        for (int c = 0; c < 3; c++) {
            for (int dt = 0; dt < 3; dt++) {
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 4; dx++) {
                        int i = ((c * 6 + 3 + dt) * 12 + 8 + dy) * 20 + 8 + dx;
                        assertThat(reconstruction[i]).isEqualTo(((dt * 2 + dy) * 4 + dx) * 3 + c);
                    }
                }
            }
        }
    }

    @Test
    void theGraphsPredictionRowsFollowTheHiddenTokensInAscendingOrder() {
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(MODEL, 1, VISIBLE, LossType.MSE_RAW, 3),
                Optional.empty());
        float[] pixels = distinctPixels();
        TokenMask mask = maskHiding(PROBE);
        Map<String, INDArray> outputs = graph.sameDiff().output(graph.inputs(clipArray(pixels), mask),
                VideoMaeNames.PREDICTION, VideoMaeNames.TOKEN_ERRORS, VideoMaeNames.TARGET);
        float[][] predictions = outputs.get(VideoMaeNames.PREDICTION).slice(0).toFloatMatrix();
        float[][] targets = outputs.get(VideoMaeNames.TARGET).slice(0).toFloatMatrix();
        float[] errors = outputs.get(VideoMaeNames.TOKEN_ERRORS).slice(0).toFloatVector();
        int[] hidden = mask.hidden(0);

        for (int i = 0; i < hidden.length; i++) {
            double squares = 0;
            for (int j = 0; j < predictions[i].length; j++) {
                double difference = predictions[i][j] - targets[hidden[i]][j];
                squares += difference * difference;
            }
            assertThat(squares / predictions[i].length).as("row %d, token %d", i, hidden[i])
                    .isCloseTo(errors[i], within(1e-4 * (1 + errors[i])));
        }
    }

    @Test
    void aPredictionForEveryHiddenTokenIsRequired() {
        int[] hidden = maskHiding(PROBE).hidden(0);

        assertThatThrownBy(() -> Reconstruction.reassemble(LAYOUT, LossType.MSE_RAW, inputOf(distinctPixels()), hidden,
                new float[hidden.length - 1][LAYOUT.tokenValues()]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predictions for " + hidden.length + " hidden tokens");
    }

    /**
     * Pixels in (0, 1) that differ everywhere and vary inside every tubelet and colour channel, so
     * that each tubelet has its own content and a misplaced value shows.
     */
    private static float[] distinctPixels() {
        float[] pixels = new float[LAYOUT.clipValues()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0.02f + 0.96f * (float) ((i * 7919L) % pixels.length) / pixels.length;
        }
        return pixels;
    }

    private static float[] inputOf(float[] pixels) {
        return Reconstruction.pixels(LAYOUT, normalized(pixels).data().asFloat());
    }

    private static INDArray normalized(float[] pixels) {
        return ClipNormalization.normalize(Nd4j.create(pixels, new long[] {1, 3, 6, 12, 20}, 'c'));
    }

    private static INDArray clipArray(float[] pixels) {
        return normalized(pixels);
    }

    /** Returns every token's target row as the graph computes it from the clip, {@code [N][K]}. */
    private static float[][] graphTargets(LossType lossType, float[] pixels) {
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(MODEL, 1, VISIBLE, lossType, 1),
                Optional.empty());
        INDArray target = graph.sameDiff().output(graph.clipInputs(clipArray(pixels)), VideoMaeNames.TARGET)
                .get(VideoMaeNames.TARGET);
        return target.castTo(DataType.FLOAT).slice(0).toFloatMatrix();
    }

    private static float[][] rowsOf(float[][] targets, int[] tokens) {
        float[][] rows = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            rows[i] = targets[tokens[i]].clone();
        }
        return rows;
    }

    /** Returns a mask with {@value #VISIBLE} visible tokens, every third one from token 0, that hides {@code token}. */
    private static TokenMask maskHiding(int token) {
        int[] visible = new int[VISIBLE];
        for (int i = 0, next = 0; i < VISIBLE; next += 3) {
            if (next != token) {
                visible[i++] = next;
            }
        }
        TokenMask mask = new TokenMask(GRID, new int[][] {visible});
        assertThat(mask.isVisible(0, token)).isFalse();
        return mask;
    }
}
