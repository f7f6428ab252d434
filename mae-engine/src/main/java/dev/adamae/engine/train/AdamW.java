package dev.adamae.engine.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AdamW (Loshchilov and Hutter, arXiv:1711.05101), as PyTorch implements it, applied to
 * parameters in place after the gradients of a whole step are known.
 *
 * <p>Per parameter {@code w} with gradient {@code g}, at update {@code t} (from 1):
 * {@code w -= lr * decay * w} (decoupled weight decay, skipped for excluded parameters), then
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}.
 *
 * <p>A parameter may have its own learning-rate factor (layer-wise decay in fine-tuning): its
 * {@code lr} in both formulas is then the step's rate times the factor, as in PyTorch parameter
 * groups with an {@code lr_scale}.
 */
public final class AdamW {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Set<String> withoutWeightDecay;
    private final Map<String, Double> learningRateScales;
    private final Map<String, INDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, INDArray> secondMoments = new LinkedHashMap<>();
    private long updates;

    /**
     * Creates the optimiser with zero moments.
     *
     * @param withoutWeightDecay the parameters that get no weight decay
     */
    public AdamW(double beta1, double beta2, double epsilon, double weightDecay, Set<String> withoutWeightDecay) {
        this(beta1, beta2, epsilon, weightDecay, withoutWeightDecay, Map.of());
    }

    /**
     * Creates the optimiser with zero moments and per-parameter learning-rate factors.
     *
     * @param withoutWeightDecay the parameters that get no weight decay
     * @param learningRateScales factors of the step's learning rate by parameter; 1 for one not named
     */
    public AdamW(double beta1, double beta2, double epsilon, double weightDecay, Set<String> withoutWeightDecay,
            Map<String, Double> learningRateScales) {
        this.learningRateScales = Map.copyOf(learningRateScales);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.withoutWeightDecay = Set.copyOf(withoutWeightDecay);
    }

    /** Creates the optimiser of {@code settings}. */
    public static AdamW of(TrainingSettings settings, Set<String> withoutWeightDecay) {
        return new AdamW(settings.beta1(), settings.beta2(), settings.epsilon(), settings.weightDecay(),
                withoutWeightDecay);
    }

    /**
     * Updates every parameter with its gradient.
     *
     * @param parameters the parameters, by name, updated in place
     * @param gradients the gradients of the step, by name; every parameter must have one
     * @param learningRate the step's learning rate
     */
    public void apply(Map<String, INDArray> parameters, Map<String, INDArray> gradients, double learningRate) {
        updates++;
        double firstCorrection = 1 - Math.pow(beta1, updates);
        double secondCorrection = 1 - Math.pow(beta2, updates);
        for (Map.Entry<String, INDArray> entry : parameters.entrySet()) {
            String name = entry.getKey();
            INDArray weights = entry.getValue();
            INDArray gradient = gradients.get(name);
            if (gradient == null) {
                throw new IllegalArgumentException("No gradient for parameter " + name);
            }
            double rate = learningRate * learningRateScales.getOrDefault(name, 1.0);
            INDArray first = firstMoments.computeIfAbsent(name, n -> Nd4j.zerosLike(weights));
            INDArray second = secondMoments.computeIfAbsent(name, n -> Nd4j.zerosLike(weights));
            double decay = withoutWeightDecay.contains(name) ? 0 : weightDecay;
            update(weights, gradient, first, second, 1 - rate * decay, rate / firstCorrection, secondCorrection);
        }
    }

    /**
     * Updates one parameter and its moments in place, element by element on the host: a single
     * pass over the memory where native element-wise ops would make a dozen, one op call each
     * (docs/performance.md). The arithmetic is done in double precision.
     */
    private void update(INDArray weights, INDArray gradient, INDArray first, INDArray second, double keep,
            double stepRate, double secondCorrection) {
        INDArray[] arrays = {weights, gradient, first, second};
        INDArray[] flat = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i].length() != weights.length() || arrays[i].dataType() != weights.dataType()) {
                throw new IllegalArgumentException("A gradient or moment of " + weights.length() + " "
                        + weights.dataType() + " values has " + arrays[i].length() + " " + arrays[i].dataType());
            }
            flat[i] = isPlain(arrays[i]) ? arrays[i] : arrays[i].dup('c');
        }
        long n = weights.length();
        if (weights.dataType() == DataType.DOUBLE) {
            DoubleBuffer w = flat[0].data().asNioDouble();
            DoubleBuffer g = flat[1].data().asNioDouble();
            DoubleBuffer m = flat[2].data().asNioDouble();
            DoubleBuffer v = flat[3].data().asNioDouble();
            for (int i = 0; i < n; i++) {
                double gi = g.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * gi;
                double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
                m.put(i, mi);
                v.put(i, vi);
                w.put(i, w.get(i) * keep - stepRate * mi / (Math.sqrt(vi / secondCorrection) + epsilon));
            }
        } else if (weights.dataType() == DataType.FLOAT) {
            FloatBuffer w = flat[0].data().asNioFloat();
            FloatBuffer g = flat[1].data().asNioFloat();
            FloatBuffer m = flat[2].data().asNioFloat();
            FloatBuffer v = flat[3].data().asNioFloat();
            for (int i = 0; i < n; i++) {
                double gi = g.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * gi;
                double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
                m.put(i, (float) mi);
                v.put(i, (float) vi);
                w.put(i, (float) (w.get(i) * keep - stepRate * mi / (Math.sqrt(vi / secondCorrection) + epsilon)));
            }
        } else {
            throw new IllegalArgumentException("AdamW updates FLOAT or DOUBLE parameters, not " + weights.dataType());
        }
        // The weights and the moments were written; the gradient was only read.
        for (int i : new int[] {0, 2, 3}) {
            if (flat[i] != arrays[i]) {
                arrays[i].assign(flat[i]);
            }
        }
    }

    /** Tells whether the array's values are its buffer's, in order, from the start. */
    private static boolean isPlain(INDArray array) {
        return !array.isView() && array.ordering() == 'c' && array.offset() == 0
                && array.data().length() == array.length();
    }

    /** Returns the number of updates applied so far. */
    public long updates() {
        return updates;
    }

    /** Returns the first and second moments by parameter name, for checkpoints; live views. */
    public Map<String, INDArray> firstMoments() {
        return firstMoments;
    }

    /** Returns the second moments by parameter name, for checkpoints; live views. */
    public Map<String, INDArray> secondMoments() {
        return secondMoments;
    }

    /** Restores the state saved in a checkpoint. */
    public void restore(long updates, Map<String, INDArray> first, Map<String, INDArray> second) {
        this.updates = updates;
        firstMoments.clear();
        secondMoments.clear();
        firstMoments.putAll(first);
        secondMoments.putAll(second);
    }

    /** Returns the names of the parameters that have moments. */
    public Collection<String> parameterNames() {
        return firstMoments.keySet();
    }
}
