package dev.adamae.engine.model;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creates the model's trainable variables with their initial values and records which of them
 * the optimiser must not decay.
 *
 * <p>All values are drawn from ND4J's global random generator, in the order the graph builder
 * asks for them, so one seed set before building gives the same weights every time.
 */
final class ModelParameters {

    /** Standard deviation of the mask token's truncated normal initialisation. */
    static final double MASK_TOKEN_STD = 0.02;

    private final SameDiff sameDiff;
    private final Set<String> withoutWeightDecay = new LinkedHashSet<>();

    ModelParameters(SameDiff sameDiff) {
        this.sameDiff = sameDiff;
    }

    SameDiff sameDiff() {
        return sameDiff;
    }

    /** Returns the names of the variables created here that the optimiser must not decay. */
    Set<String> withoutWeightDecay() {
        return Collections.unmodifiableSet(withoutWeightDecay);
    }

    /** A linear layer's weight {@code [in, out]}, Xavier-uniform as the reference code initialises nn.Linear. */
    SDVariable xavierWeight(String name, int in, int out) {
        double bound = Math.sqrt(6.0 / (in + out));
        return sameDiff.var(name, uniform(bound, in, out));
    }

    /** A weight drawn uniformly from {@code [-bound, bound]}, decayed. */
    SDVariable uniformWeight(String name, double bound, long... shape) {
        return sameDiff.var(name, uniform(bound, shape));
    }

    /** A bias drawn uniformly from {@code [-bound, bound]}, not decayed. */
    SDVariable uniformBias(String name, double bound, int size) {
        return undecayed(sameDiff.var(name, uniform(bound, size)));
    }

    /** A bias of zeros, not decayed. */
    SDVariable zeroBias(String name, int size) {
        return undecayed(sameDiff.var(name, Nd4j.zeros(DataType.FLOAT, size)));
    }

    /** A layer norm's gain, ones, not decayed. */
    SDVariable unitGain(String name, int size) {
        return undecayed(sameDiff.var(name, Nd4j.ones(DataType.FLOAT, size)));
    }

    /** A learnable token {@code [1, width]}, truncated normal at two standard deviations, not decayed. */
    SDVariable learnedToken(String name, int width) {
        float[] values = new float[width];
        for (int i = 0; i < width; i++) {
            double draw;
            do {
                draw = Nd4j.getRandom().nextGaussian();
            } while (Math.abs(draw) > 2);
            values[i] = (float) (draw * MASK_TOKEN_STD);
        }
        return undecayed(sameDiff.var(name, Nd4j.create(values, new long[] {1, width}, DataType.FLOAT)));
    }

    private SDVariable undecayed(SDVariable variable) {
        withoutWeightDecay.add(variable.name());
        return variable;
    }

    private static INDArray uniform(double bound, long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).muli(2 * bound).subi(bound);
    }
}
