package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A video classifier on the MAE's encoder, every token visible, as one SameDiff graph with a
 * fixed batch size; or, with {@link VideoClassifierSpec.Head#FEATURES}, the frozen encoder whose
 * pooled tokens a linear probe reads.
 *
 * <p>Inputs, outputs and the loss have the names of {@link ClassifierNames}; the tokenizer and the
 * encoder blocks carry the autoencoder's variable names, so {@link #loadEncoder} takes them from a
 * pre-training checkpoint.
 */
public final class VideoClassifierGraph {

    /** The branches of a block that drop path may skip. */
    static final List<String> BRANCHES = List.of("attention", "mlp");

    private final VideoClassifierSpec spec;
    private final SameDiff sameDiff;
    private final List<String> trainableVariables;
    private final Set<String> withoutWeightDecay;
    private final Map<String, Double> dropPathRates;

    VideoClassifierGraph(VideoClassifierSpec spec, SameDiff sameDiff, List<String> trainableVariables,
            Set<String> withoutWeightDecay, Map<String, Double> dropPathRates) {
        this.spec = spec;
        this.sameDiff = sameDiff;
        this.trainableVariables = List.copyOf(trainableVariables);
        this.withoutWeightDecay = Collections.unmodifiableSet(new LinkedHashSet<>(withoutWeightDecay));
        this.dropPathRates = Collections.unmodifiableMap(new LinkedHashMap<>(dropPathRates));
    }

    /** Builds the graph and initialises its weights from {@code spec.seed()}. */
    public static VideoClassifierGraph build(VideoClassifierSpec spec) {
        return new VideoClassifierGraphBuilder(spec, true).build();
    }

    /**
     * Returns the names and shapes of the trainable variables {@link #build} gives, sorted by
     * name, from the same graph builder with every variable declared by shape alone (no value
     * drawn or allocated).
     */
    public static Map<String, long[]> parameterShapes(VideoClassifierSpec spec) {
        VideoClassifierGraphBuilder builder = new VideoClassifierGraphBuilder(spec, false);
        return builder.parameterShapes(builder.build().trainableVariables);
    }

    public VideoClassifierSpec spec() {
        return spec;
    }

    public SameDiff sameDiff() {
        return sameDiff;
    }

    /** Returns the names of all trainable variables, sorted by name. */
    public List<String> trainableVariables() {
        return trainableVariables;
    }

    /** Returns the variables the optimiser must not decay: biases and layer norm gains and biases. */
    public Set<String> withoutWeightDecay() {
        return withoutWeightDecay;
    }

    /** Returns the number of trainable values. */
    public long parameterCount() {
        return trainableVariables.stream().mapToLong(name -> sameDiff.getVariable(name).getArr().length()).sum();
    }

    /** Returns the current values of the trainable variables by name: live arrays, updated in place. */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        for (String name : trainableVariables) {
            parameters.put(name, sameDiff.getVariable(name).getArr());
        }
        return parameters;
    }

    /**
     * Returns the layer of a variable for layer-wise learning-rate decay, as VideoMAE numbers
     * them: 0 for the tokenizer, {@code i + 1} for encoder block {@code i}, {@code depth + 1} for
     * the head (and anything else).
     */
    public int layerOf(String variable) {
        int depth = spec.model().encoder().depth();
        if (variable.startsWith(ClassifierNames.TOKENIZER_PREFIX)) {
            return 0;
        }
        if (variable.startsWith(ClassifierNames.BLOCK_PREFIX)) {
            String rest = variable.substring(ClassifierNames.BLOCK_PREFIX.length());
            return Integer.parseInt(rest.substring(0, rest.indexOf('/'))) + 1;
        }
        return depth + 1;
    }

    /**
     * Returns each trainable variable's learning-rate factor for layer-wise decay {@code decay}:
     * {@code decay^(depth + 1 - layer)}, so the head learns at the full rate and each layer below
     * at {@code decay} times the rate of the layer above; 1 everywhere for {@code decay = 1}.
     */
    public Map<String, Double> layerDecayScales(double decay) {
        int depth = spec.model().encoder().depth();
        Map<String, Double> scales = new LinkedHashMap<>();
        for (String name : trainableVariables) {
            scales.put(name, Math.pow(decay, depth + 1 - layerOf(name)));
        }
        return scales;
    }

    /**
     * Draws drop path's keep factors for one training step: per clip and branch, 0 with the
     * branch's rate, else {@code 1 / (1 - rate)}, repeated over the clip's tokens. Empty when
     * drop path is off.
     */
    public Map<String, INDArray> dropPathMasks(RandomGenerator random) {
        Map<String, INDArray> masks = new LinkedHashMap<>();
        int tokens = spec.tokenCount();
        for (Map.Entry<String, Double> entry : dropPathRates.entrySet()) {
            double rate = entry.getValue();
            float kept = (float) (1.0 / (1.0 - rate));
            float[] values = new float[spec.batchSize() * tokens];
            for (int clip = 0; clip < spec.batchSize(); clip++) {
                float factor = random.nextDouble() < rate ? 0f : kept;
                Arrays.fill(values, clip * tokens, (clip + 1) * tokens, factor);
            }
            masks.put(entry.getKey(), Nd4j.create(values, new long[] {(long) spec.batchSize() * tokens, 1},
                    DataType.FLOAT));
        }
        return masks;
    }

    /** Returns the drop path rate of each drop path placeholder, by name. */
    public Map<String, Double> dropPathRates() {
        return dropPathRates;
    }

    /**
     * Returns the placeholders of a training step.
     *
     * @param clips {@code [B, 3, T, H, W]}, ImageNet-normalised
     * @param targets {@code [B, C]} soft targets
     * @param dropPath the step's drop path factors from {@link #dropPathMasks}
     */
    public Map<String, INDArray> trainingInputs(INDArray clips, INDArray targets, Map<String, INDArray> dropPath) {
        checkClips(clips);
        long[] expected = {spec.batchSize(), spec.classes()};
        if (!Arrays.equals(targets.shape(), expected)) {
            throw new IllegalArgumentException("Targets must be " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(targets.shape()));
        }
        Map<String, INDArray> inputs = new LinkedHashMap<>(dropPath);
        inputs.put(ClassifierNames.TUBELETS, Tubelets.rows(clips, spec.model()));
        inputs.put(ClassifierNames.TARGETS, targets);
        return inputs;
    }

    /** Returns the placeholders of a test pass: the clips, and every drop path branch kept unscaled. */
    public Map<String, INDArray> testInputs(INDArray clips) {
        checkClips(clips);
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        for (String name : dropPathRates.keySet()) {
            inputs.put(name, Nd4j.ones(DataType.FLOAT, (long) spec.batchSize() * spec.tokenCount(), 1));
        }
        inputs.put(ClassifierNames.TUBELETS, Tubelets.rows(clips, spec.model()));
        return inputs;
    }

    /**
     * Copies the tokenizer's and encoder blocks' weights from {@code saved} (a pre-training or
     * fine-tuning checkpoint's parameters) into this graph.
     *
     * @return the names of the saved parameters this graph has no use for (a decoder, a sampler, a
     *     final encoder norm the classifier does not use)
     * @throws IllegalArgumentException naming the first encoder variable that is missing or has
     *     another shape
     */
    public List<String> loadEncoder(Map<String, INDArray> saved) {
        Map<String, INDArray> parameters = parameters();
        for (Map.Entry<String, INDArray> entry : parameters.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith(ClassifierNames.HEAD_SCOPE)) {
                continue;
            }
            INDArray value = saved.get(name);
            if (value == null) {
                throw new IllegalArgumentException("it has no " + name + ": it holds no encoder of this preset");
            }
            if (!Arrays.equals(value.shape(), entry.getValue().shape())) {
                throw new IllegalArgumentException(name + " is " + Arrays.toString(value.shape()) + ", this preset's "
                        + Arrays.toString(entry.getValue().shape()) + ": it was trained with other model dimensions");
            }
        }
        parameters.forEach((name, array) -> {
            if (!name.startsWith(ClassifierNames.HEAD_SCOPE)) {
                array.assign(saved.get(name));
            }
        });
        return saved.keySet().stream().filter(name -> !parameters.containsKey(name)).sorted().toList();
    }

    /**
     * Copies every trainable variable, the head's included, from {@code saved} (a fine-tuning
     * checkpoint's parameters) into this graph; nothing is copied when one does not fit.
     *
     * @throws IllegalArgumentException naming the first variable that is missing or has another
     *     shape (for the head: the number of classes it was trained for)
     */
    public void loadAll(Map<String, INDArray> saved) {
        Map<String, INDArray> parameters = parameters();
        for (Map.Entry<String, INDArray> entry : parameters.entrySet()) {
            String name = entry.getKey();
            INDArray value = saved.get(name);
            if (value == null) {
                throw new IllegalArgumentException("it has no " + name + ": it is not a classifier of this preset");
            }
            if (!Arrays.equals(value.shape(), entry.getValue().shape())) {
                if (name.startsWith(ClassifierNames.HEAD_SCOPE + "head/")) {
                    throw new IllegalArgumentException("its head was trained for " + value.shape()[value.rank() - 1]
                            + " classes, this data has " + spec.classes());
                }
                throw new IllegalArgumentException(name + " is " + Arrays.toString(value.shape()) + ", this preset's "
                        + Arrays.toString(entry.getValue().shape()) + ": it was trained with other model dimensions");
            }
        }
        parameters.forEach((name, array) -> array.assign(saved.get(name)));
    }

    private void checkClips(INDArray clips) {
        ModelSettings model = spec.model();
        long[] expected = {spec.batchSize(), ModelSettings.CHANNELS, model.clipFrames(), model.clipHeight(),
                model.clipWidth()};
        if (clips.dataType() != DataType.FLOAT || !Arrays.equals(clips.shape(), expected)) {
            throw new IllegalArgumentException("The classifier takes FLOAT clips of shape " + Arrays.toString(expected)
                    + ", got " + clips.dataType() + " " + Arrays.toString(clips.shape()));
        }
    }
}
