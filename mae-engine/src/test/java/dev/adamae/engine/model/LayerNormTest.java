package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fused layer norm against the reference formula, {@code (x - mean) / sqrt(var + 1e-6)}. */
class LayerNormTest {

    private static final int WIDTH = 96;

    @Test
    void agreesWithTheReferenceFormulaForRowsOfVarianceFromTinyToLarge() {
        double[] scales = {0.08, 0.3, 1, 3, 30};
        float[][] rows = new float[scales.length][WIDTH];
        SplittableRandom random = new SplittableRandom(5);
        for (int row = 0; row < rows.length; row++) {
            for (int i = 0; i < WIDTH; i++) {
                rows[row][i] = (float) (scales[row] * (random.nextDouble() * 2 - 1) * Math.sqrt(3) + row);
            }
        }
        float[][] normalized = layerNorm(Nd4j.createFromArray(rows)).toFloatMatrix();
        for (int row = 0; row < rows.length; row++) {
            double mean = 0;
            for (float value : rows[row]) {
                mean += value / WIDTH;
            }
            double variance = 0;
            for (float value : rows[row]) {
                variance += (value - mean) * (value - mean) / WIDTH;
            }
            assertThat(variance).as("row %d's variance", row).isGreaterThan(0.005);
            for (int i = 0; i < WIDTH; i++) {
                double expected = (rows[row][i] - mean) / Math.sqrt(variance + 1e-6);
                assertThat((double) normalized[row][i]).as("row %d, feature %d", row, i)
                        .isCloseTo(expected, within(1e-4 * Math.max(1, Math.abs(expected))));
            }
        }
    }

    @Test
    void mapsAConstantRowToTheBiasWithAFiniteGradient() {
        INDArray constant = Nd4j.valueArrayOf(new long[] {2, WIDTH}, 0.75f);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", constant);
        SDVariable y = Layers.layerNorm(new ModelParameters(sd, new SplittableRandom(1)), "norm", x, WIDTH);
        SDVariable loss = sd.sum(y.mul(sd.constant(Nd4j.linspace(DataType.FLOAT, 1, WIDTH, 1))));
        sd.setLossVariables(loss);
        INDArray out = y.eval();
        assertThat(out.ravel().toFloatVector()).containsOnly(0f);
        Map<String, INDArray> gradients = sd.calculateGradients(Map.of(), "x", "norm/gain", "norm/bias");
        for (INDArray gradient : gradients.values()) {
            for (float value : gradient.ravel().toFloatVector()) {
                assertThat(value).isFinite();
            }
        }
        assertThat(gradients.get("norm/bias").getDouble(WIDTH - 1)).isEqualTo(2.0 * WIDTH, within(1e-3));
    }

    private static INDArray layerNorm(INDArray rows) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant("x", rows);
        return Layers.layerNorm(new ModelParameters(sd, new SplittableRandom(1)), "norm", x, WIDTH).eval();
    }
}
