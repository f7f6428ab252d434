package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.engine.ModelSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The reconstruction target the graph computes from the normalised clip. */
class ReconstructionTargetTest {

    private static final ModelSettings MODEL = Presets.unevenModel();
    private static final int BATCH = 2;

    @Test
    void theRawTargetIsEachTubeletsPixelsInZeroToOneWithTheColourChannelFastest() {
        INDArray pixels = positionCodedPixels();

        INDArray target = target(LossType.MSE_RAW, pixels);

        assertThat(target.equalsWithEps(hostTarget(pixels, false), 1e-5)).isTrue();
        // Spot check by hand: clip 1, token (t 1, h 2, w 1) = 1 * 12 + 2 * 3 + 1 = 19; its value at
        // tubelet frame 1, row 3, column 5, channel 2 is index ((1 * 4 + 3) * 8 + 5) * 3 + 2 = 185,
        // the pixel at frame 2 + 1, row 8 + 3, column 8 + 5.
        assertThat(target.getDouble(1, 19, 185)).isCloseTo(pixels.getDouble(1, 2, 3, 11, 13), within(1e-6));
    }

    @Test
    void theNormalizedTargetIsEachTubeletNormalisedPerChannelOverItsPixels() {
        INDArray pixels = positionCodedPixels();

        INDArray target = target(LossType.MSE_NORMALIZED, pixels);

        assertThat(target.equalsWithEps(hostTarget(pixels, true), 1e-3)).isTrue();
    }

    @Test
    void everyTubeletChannelOfARandomClipHasMeanZeroAndUnbiasedStandardDeviationOne() {
        Nd4j.getRandom().setSeed(9);
        INDArray target = target(LossType.L1_NORMALIZED, Nd4j.rand(DataType.FLOAT, BATCH, 3, 4, 16, 24));
        int pixels = MODEL.tokenValues() / 3;
        INDArray perChannel = target.reshape(BATCH, MODEL.grid().tokenCount(), pixels, 3);

        INDArray means = perChannel.mean(2);
        INDArray deviations = perChannel.std(true, 2);

        assertThat(means.amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(deviations.minNumber().doubleValue()).isCloseTo(1.0, within(1e-4));
        assertThat(deviations.maxNumber().doubleValue()).isCloseTo(1.0, within(1e-4));
    }

    private static INDArray target(LossType lossType, INDArray pixels) {
        VideoMaeGraphSpec spec = new VideoMaeGraphSpec(MODEL, BATCH, 3, lossType, 1);
        VideoMaeGraph graph = VideoMaeGraph.build(spec, Optional.empty());
        return graph.sameDiff().output(graph.clipInputs(ClipNormalization.normalize(pixels)), VideoMaeNames.TARGET)
                .get(VideoMaeNames.TARGET);
    }

    /** Pixels in [0, 1] that differ everywhere and vary smoothly, so that a misplaced value shows. */
    private static INDArray positionCodedPixels() {
        INDArray pixels = Nd4j.create(DataType.FLOAT, BATCH, 3, 4, 16, 24);
        long count = pixels.length();
        for (long i = 0; i < count; i++) {
            pixels.putScalar(i, (double) ((i * 7919) % count) / count);
        }
        return pixels;
    }

    /** The target computed with plain loops, as REFERENCE.md states it. */
    private static INDArray hostTarget(INDArray pixels, boolean normalize) {
        int frames = MODEL.tubeletFrames();
        int rows = MODEL.tubeletHeight();
        int columns = MODEL.tubeletWidth();
        int tubeletPixels = frames * rows * columns;
        var grid = MODEL.grid();
        INDArray target = Nd4j.create(DataType.FLOAT, BATCH, grid.tokenCount(), MODEL.tokenValues());
        for (int clip = 0; clip < BATCH; clip++) {
            for (int t = 0; t < grid.frames(); t++) {
                for (int h = 0; h < grid.height(); h++) {
                    for (int w = 0; w < grid.width(); w++) {
                        int token = grid.index(t, h, w);
                        for (int channel = 0; channel < 3; channel++) {
                            double[] values = new double[tubeletPixels];
                            for (int p = 0; p < tubeletPixels; p++) {
                                int frame = t * frames + p / (rows * columns);
                                int row = h * rows + (p / columns) % rows;
                                int column = w * columns + p % columns;
                                values[p] = pixels.getDouble(clip, channel, frame, row, column);
                            }
                            double[] normalized = normalize ? normalize(values) : values;
                            for (int p = 0; p < tubeletPixels; p++) {
                                target.putScalar(new int[] {clip, token, p * 3 + channel}, normalized[p]);
                            }
                        }
                    }
                }
            }
        }
        return target;
    }

    private static double[] normalize(double[] values) {
        double mean = 0;
        for (double value : values) {
            mean += value / values.length;
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double std = Math.sqrt(squares / (values.length - 1));
        double[] normalized = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            normalized[i] = (values[i] - mean) / (std + 1e-6);
        }
        return normalized;
    }
}
