package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AdamWTest {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.95;
    private static final double EPSILON = 1e-8;
    private static final double DECAY = 0.05;

    @Test
    void threeUpdatesMatchAScalarAdamWWithDecoupledWeightDecay() {
        double[] gradients = {0.5, -1.5, 0.25};
        double[] rates = {0.1, 0.05, 0.02};
        AdamW optimiser = new AdamW(BETA1, BETA2, EPSILON, DECAY, Set.of());
        INDArray weight = Nd4j.createFromArray(new double[] {2.0});

        double w = 2.0;
        double m = 0;
        double v = 0;
        for (int t = 1; t <= 3; t++) {
            double g = gradients[t - 1];
            double lr = rates[t - 1];
            w -= lr * DECAY * w;
            m = BETA1 * m + (1 - BETA1) * g;
            v = BETA2 * v + (1 - BETA2) * g * g;
            w -= lr * (m / (1 - Math.pow(BETA1, t))) / (Math.sqrt(v / (1 - Math.pow(BETA2, t))) + EPSILON);
            optimiser.apply(Map.of("w", weight), Map.of("w", Nd4j.createFromArray(new double[] {g})), lr);
        }
        assertThat(weight.getDouble(0)).isCloseTo(w, within(1e-12));
        assertThat(optimiser.updates()).isEqualTo(3);
    }

    @Test
    void aParametersLearningRateFactorScalesBothItsStepAndItsDecay() {
        AdamW scaled = new AdamW(BETA1, BETA2, EPSILON, DECAY, Set.of(), Map.of("low", 0.25));
        AdamW plain = new AdamW(BETA1, BETA2, EPSILON, DECAY, Set.of());
        INDArray low = Nd4j.createFromArray(new double[] {2.0});
        INDArray full = Nd4j.createFromArray(new double[] {2.0});
        INDArray reference = Nd4j.createFromArray(new double[] {2.0});
        INDArray fullReference = Nd4j.createFromArray(new double[] {2.0});
        for (int t = 0; t < 3; t++) {
            INDArray gradient = Nd4j.createFromArray(new double[] {0.5 - t});
            scaled.apply(Map.of("low", low, "full", full), Map.of("low", gradient, "full", gradient), 0.1);
            plain.apply(Map.of("low", reference, "full", fullReference), Map.of("low", gradient, "full", gradient),
                    0.025);
        }
        assertThat(low.getDouble(0)).isCloseTo(reference.getDouble(0), within(1e-12));
        assertThat(full.getDouble(0)).isNotCloseTo(low.getDouble(0), within(1e-3));
    }

    @Test
    void excludedParametersGetNoWeightDecay() {
        AdamW optimiser = new AdamW(BETA1, BETA2, EPSILON, 0.5, Set.of("bias"));
        INDArray weight = Nd4j.valueArrayOf(new long[] {2}, 4.0, DataType.FLOAT);
        INDArray bias = Nd4j.valueArrayOf(new long[] {2}, 4.0, DataType.FLOAT);
        INDArray noGradient = Nd4j.zeros(DataType.FLOAT, 2);
        optimiser.apply(Map.of("weight", weight, "bias", bias), Map.of("weight", noGradient, "bias", noGradient), 0.1);
        assertThat(bias.getDouble(0)).isEqualTo(4.0);
        assertThat(weight.getDouble(0)).isCloseTo(4.0 * (1 - 0.1 * 0.5), within(1e-6));
    }

    @Test
    void restoredStateContinuesExactlyLikeTheOriginal() {
        AdamW original = new AdamW(BETA1, BETA2, EPSILON, DECAY, Set.of());
        INDArray w1 = Nd4j.createFromArray(1.0, -1.0);
        original.apply(Map.of("w", w1), Map.of("w", Nd4j.createFromArray(0.3, 0.7)), 0.1);

        AdamW restored = new AdamW(BETA1, BETA2, EPSILON, DECAY, Set.of());
        restored.restore(original.updates(), Map.of("w", original.firstMoments().get("w").dup()),
                Map.of("w", original.secondMoments().get("w").dup()));
        INDArray w2 = w1.dup();
        original.apply(Map.of("w", w1), Map.of("w", Nd4j.createFromArray(-0.2, 0.1)), 0.1);
        restored.apply(Map.of("w", w2), Map.of("w", Nd4j.createFromArray(-0.2, 0.1)), 0.1);
        assertThat(w2.toDoubleVector()).containsExactly(w1.toDoubleVector());
    }

    @Test
    void floatParametersAndViewsFollowTheSameFormula() {
        float[] start = {1.5f, -0.5f, 0.25f, 3f, -2f, 0.75f};
        float[] gradient = {0.3f, -0.2f, 0.9f, -1.1f, 0.05f, 0.4f};
        INDArray flat = Nd4j.createFromArray(start);
        // Every other value of a larger array: a view, not laid out from the start of its buffer.
        INDArray backing = Nd4j.zeros(DataType.FLOAT, 2 * start.length);
        INDArray strided = backing.get(NDArrayIndex.interval(1, 2, 2 * start.length));
        strided.assign(flat);
        AdamW a = new AdamW(BETA1, BETA2, EPSILON, DECAY, Set.of());
        AdamW b = new AdamW(BETA1, BETA2, EPSILON, DECAY, Set.of());
        double[] expected = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            double w = start[i] * (1 - 0.1 * DECAY);
            double m = (1 - BETA1) * gradient[i];
            double v = (1 - BETA2) * gradient[i] * gradient[i];
            expected[i] = w - 0.1 * (m / (1 - BETA1)) / (Math.sqrt(v / (1 - BETA2)) + EPSILON);
        }
        a.apply(Map.of("w", flat), Map.of("w", Nd4j.createFromArray(gradient)), 0.1);
        b.apply(Map.of("w", strided), Map.of("w", Nd4j.createFromArray(gradient)), 0.1);
        for (int i = 0; i < start.length; i++) {
            assertThat(flat.getDouble(i)).isCloseTo(expected[i], within(1e-6));
            assertThat(strided.getDouble(i)).isEqualTo(flat.getDouble(i));
            assertThat(backing.getDouble(2 * i)).isZero();
        }
    }
}
