package dev.adamae.engine.model;

import dev.adamae.api.Initializers;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creates the model's trainable variables with their initial values and records which of them
 * the optimiser must not decay.
 *
 * <p>All values are drawn on the host from one seeded generator, in the order the graph builder
 * asks for them, so one seed gives the same weights every time (ND4J's own generator does not
 * promise that across graph builds).
 *
 * <p>Without values ({@link #shapesOnly}), each variable is declared by name and shape alone, as
 * a placeholder that holds no array: the graph builder runs as for training, and the names and
 * shapes recorded here are what a build with values gives, without the time and memory of
 * drawing (or even allocating) them.
 */
final class ModelParameters {

    /** Standard deviation of the mask token's truncated normal initialisation. */
    static final double MASK_TOKEN_STD = 0.02;

    private final SameDiff sameDiff;
    private final RandomGenerator random;
    private final Set<String> withoutWeightDecay = new LinkedHashSet<>();
    private final boolean values;
    private final Map<String, long[]> declared = new TreeMap<>();

    /** Creates variables with initial values drawn from {@code random}. */
    ModelParameters(SameDiff sameDiff, RandomGenerator random) {
        this(sameDiff, random, true);
    }

    private ModelParameters(SameDiff sameDiff, RandomGenerator random, boolean values) {
        this.sameDiff = sameDiff;
        this.random = random;
        this.values = values;
    }

    /**
     * Declares variables by name and shape alone, as placeholders without arrays: for learning a
     * model's variables, never for running it.
     */
    static ModelParameters shapesOnly(SameDiff sameDiff, RandomGenerator random) {
        return new ModelParameters(sameDiff, random, false);
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
        return create(name, () -> Initializers.xavierUniform(random, in, out), in, out);
    }

    /** A weight drawn uniformly from {@code [-bound, bound]}, decayed. */
    SDVariable uniformWeight(String name, double bound, long... shape) {
        return create(name, () -> Initializers.uniform(random, bound, shape), shape);
    }

    /** A bias drawn uniformly from {@code [-bound, bound]}, not decayed. */
    SDVariable uniformBias(String name, double bound, int size) {
        return undecayed(create(name, () -> Initializers.uniform(random, bound, size), size));
    }

    /** A bias of zeros, not decayed. */
    SDVariable zeroBias(String name, int size) {
        return undecayed(create(name, () -> Nd4j.zeros(DataType.FLOAT, size), size));
    }

    /** A layer norm's gain, ones, not decayed. */
    SDVariable unitGain(String name, int size) {
        return undecayed(create(name, () -> Nd4j.ones(DataType.FLOAT, size), size));
    }

    /** A learnable token {@code [1, width]}, truncated normal at two standard deviations, not decayed. */
    SDVariable learnedToken(String name, int width) {
        return undecayed(create(name, () -> Initializers.truncatedNormal(random, MASK_TOKEN_STD, 1, width), 1, width));
    }

    /** A weight {@code [in, out]}, truncated normal at two standard deviations times {@code scale}, decayed. */
    SDVariable scaledNormalWeight(String name, double std, double scale, int in, int out) {
        return create(name, () -> Initializers.truncatedNormal(random, std, in, out).muli(scale), in, out);
    }

    /**
     * Returns the shapes of the variables declared here without values, and of the graph's
     * other trainable variables (a sampler's, made by the sampler with values), sorted by name.
     */
    Map<String, long[]> shapes(List<String> trainable) {
        Map<String, long[]> shapes = new TreeMap<>(declared);
        for (String name : trainable) {
            shapes.put(name, sameDiff.getArrForVarName(name).shape());
        }
        return shapes;
    }

    /** A trainable variable with the values {@code initial} draws, or without values its placeholder. */
    private SDVariable create(String name, Supplier<INDArray> initial, long... shape) {
        if (values) {
            return sameDiff.var(name, initial.get());
        }
        declared.put(name, shape.clone());
        return sameDiff.placeHolder(name, DataType.FLOAT, shape);
    }

    private SDVariable undecayed(SDVariable variable) {
        withoutWeightDecay.add(variable.name());
        return variable;
    }
}
