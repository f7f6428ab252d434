package dev.adamae.engine.model;

import dev.adamae.api.Initializers;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creates the model's trainable variables with their initial values and records which of them
 * the optimiser must not decay.
 *
 * <p>All values are drawn on the host from one seeded generator, in the order the graph builder
 * asks for them, so one seed gives the same weights every time (ND4J's own generator does not
 * promise that across graph builds).
 */
final class ModelParameters {

    /** Standard deviation of the mask token's truncated normal initialisation. */
    static final double MASK_TOKEN_STD = 0.02;

    private final SameDiff sameDiff;
    private final RandomGenerator random;
    private final Set<String> withoutWeightDecay = new LinkedHashSet<>();

    ModelParameters(SameDiff sameDiff, RandomGenerator random) {
        this.sameDiff = sameDiff;
        this.random = random;
    }

    /** Returns the generator initial values are drawn from, for a sampler attached to the graph. */
    RandomGenerator random() {
        return random;
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
        return sameDiff.var(name, Initializers.xavierUniform(random, in, out));
    }

    /** A weight drawn uniformly from {@code [-bound, bound]}, decayed. */
    SDVariable uniformWeight(String name, double bound, long... shape) {
        return sameDiff.var(name, Initializers.uniform(random, bound, shape));
    }

    /** A bias drawn uniformly from {@code [-bound, bound]}, not decayed. */
    SDVariable uniformBias(String name, double bound, int size) {
        return undecayed(sameDiff.var(name, Initializers.uniform(random, bound, size)));
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
        return undecayed(sameDiff.var(name, Initializers.truncatedNormal(random, MASK_TOKEN_STD, 1, width)));
    }

    private SDVariable undecayed(SDVariable variable) {
        withoutWeightDecay.add(variable.name());
        return variable;
    }

}
