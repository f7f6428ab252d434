package dev.adamae.runner.weights;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.LearnedSampler;
import dev.adamae.api.Settings;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.model.VideoMaeNames;
import dev.adamae.masking.adaptive.AdaptiveMaskingStrategyFactory;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.weights.StateDictNames.Kind;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our graph computes what the authors' model computes: the losses, the sampler's probabilities
 * and every parameter's gradient, against a PyTorch model at the {@code test} preset
 * (tools/parity/make_parity_resources.py made the resources), for tube masking and for the
 * adaptive sampler with dropout off; the weights come in through the import code.
 *
 * <p>Bounds: losses and probabilities 1e-5 relative, gradients 1e-4 relative in L2. The
 * remainder is float32 against the reference's float64 and our encoder and decoder layer norms,
 * which have no epsilon where the reference's have 1e-6 (see Layers.layerNorm).
 */
class PyTorchParityTest {

    private static final double LOSS_BOUND = 1e-5;
    private static final double GRADIENT_BOUND = 1e-4;

    /**
     * Below this norm a reference gradient is zero in theory: the sampler's head bias and its
     * block's last bias shift every logit of a clip alike, which the softmax ignores, and
     * PyTorch leaves rounding noise near 1e-21 there. Such gradients are compared absolutely.
     */
    private static final double ZERO_GRADIENT = 1e-15;

    /** The largest norm our gradient may have where the reference's is zero in theory. */
    private static final double ZERO_GRADIENT_BOUND = 1e-10;
    private static final int BATCH = 2;
    private static final int VISIBLE = 8;

    private static final Config CONFIG = new ConfigLoader(null).load(new ConfigRequest("test", List.of(),
            List.of("adamae.masking.strategies.adaptive.dropout=0"), Map.of()), ConfigFactory.defaultReference());
    private static final ModelSettings MODEL = ModelSettings.from(CONFIG);

    static Path resource(String name) {
        try {
            return Path.of(PyTorchParityTest.class.getResource("/parity/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, float[]> readAll(String name) {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (SafeTensors file = SafeTensors.open(resource(name))) {
            file.entries().keySet().forEach(key -> values.put(key, file.read(key)));
        }
        return values;
    }

    private static VideoMaeGraph graph(boolean adaptive) {
        Optional<LearnedSampler> sampler = adaptive
                ? new AdaptiveMaskingStrategyFactory().create(Settings.ofStrategy(CONFIG, "adaptive")).learnedSampler()
                : Optional.empty();
        return VideoMaeGraph.build(new VideoMaeGraphSpec(MODEL, BATCH, VISIBLE, LossType.MSE_NORMALIZED, 0), sampler);
    }

    private static Map<String, long[]> shapes(VideoMaeGraph graph) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        graph.trainableVariables().forEach(name -> shapes.put(name, graph.sameDiff().getArrForVarName(name).shape()));
        return shapes;
    }

    /** Reads a file of the authors' tensors into our names and layouts, for the graph's variables only. */
    private static Map<String, INDArray> ours(String file, VideoMaeGraph graph) {
        Map<String, long[]> shapes = shapes(graph);
        try (SafeTensors all = SafeTensors.open(resource(file))) {
            StateDictFile subset = new StateDictFile() {
                private final Map<String, TensorEntry> entries = subsetOf(all, shapes);

                @Override
                public Map<String, TensorEntry> entries() {
                    return entries;
                }

                @Override
                public float[] read(String name) {
                    return all.read(name);
                }

                @Override
                public String format() {
                    return all.format();
                }

                @Override
                public String description() {
                    return all.description();
                }

                @Override
                public void close() {
                }
            };
            return StateDictConversion.importFrom(subset, KeyPrefix.NONE, shapes, Kind.PRETRAINING, MODEL, "test");
        }
    }

    private static Map<String, TensorEntry> subsetOf(StateDictFile file, Map<String, long[]> shapes) {
        List<String> wanted = shapes.keySet().stream().map(name -> StateDictNames.foreignName(name, Kind.PRETRAINING))
                .toList();
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        file.entries().forEach((key, entry) -> {
            if (wanted.contains(key)) {
                entries.put(key, entry);
            }
        });
        return entries;
    }

    /** The worst relative differences of one run from the reference's. */
    record Differences(double loss, double gradient, String worstGradient, double probabilities) {
    }

    private static Differences compare(String masking, UnaryOperator<Map<String, INDArray>> tamper) {
        boolean adaptive = masking.equals("adaptive");
        VideoMaeGraph graph = graph(adaptive);
        SameDiff sd = graph.sameDiff();
        tamper.apply(ours("weights.safetensors", graph)).forEach((name, value) -> sd.getArrForVarName(name).assign(value));
        Map<String, float[]> inputs = readAll("inputs.safetensors");
        INDArray clip = Nd4j.create(inputs.get("clip"), new long[] {BATCH, 3, 4, 32, 32}, DataType.FLOAT);
        float[] visible = inputs.get("visible_" + masking);
        int[][] tokens = new int[BATCH][VISIBLE];
        for (int i = 0; i < visible.length; i++) {
            tokens[i / VISIBLE][i % VISIBLE] = (int) visible[i];
        }
        List<String> outputs = new ArrayList<>(List.of(VideoMaeNames.LOSS_TOTAL, VideoMaeNames.LOSS_RECONSTRUCTION));
        if (adaptive) {
            outputs.addAll(List.of(VideoMaeNames.LOSS_STRATEGY, VideoMaeNames.TOKEN_PROBABILITIES));
        }
        var result = sd.calculateGradientsAndOutputs(graph.inputs(clip, new TokenMask(MODEL.grid(), tokens)), outputs,
                graph.trainableVariables());
        Map<String, float[]> expected = readAll("expected.safetensors");
        double loss = relative(result.getOutputs().get(VideoMaeNames.LOSS_TOTAL), expected.get("loss_" + masking));
        loss = Math.max(loss, relative(result.getOutputs().get(VideoMaeNames.LOSS_RECONSTRUCTION),
                expected.get("loss_rec_" + masking)));
        double probabilities = 0;
        if (adaptive) {
            loss = Math.max(loss, relative(result.getOutputs().get(VideoMaeNames.LOSS_STRATEGY),
                    expected.get("loss_strategy_adaptive")));
            probabilities = relative(result.getOutputs().get(VideoMaeNames.TOKEN_PROBABILITIES),
                    expected.get("token_probabilities"));
        }
        Map<String, INDArray> expectedGradients = ours("gradients-" + masking + ".safetensors", graph);
        double worst = 0;
        String worstName = "";
        for (String name : graph.trainableVariables()) {
            float[] theirs = expectedGradients.get(name).data().asFloat();
            double difference = norm(theirs) < ZERO_GRADIENT
                    ? norm(result.getGradients().get(name).dup('c').data().asFloat()) / ZERO_GRADIENT_BOUND
                            * GRADIENT_BOUND
                    : relative(result.getGradients().get(name), theirs);
            if (difference > worst) {
                worst = difference;
                worstName = name;
            }
        }
        return new Differences(loss, worst, worstName, probabilities);
    }

    private static double norm(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += (double) value * value;
        }
        return Math.sqrt(sum);
    }

    /** {@code ||ours - theirs|| / ||theirs||} over all values. */
    private static double relative(INDArray ours, float[] theirs) {
        float[] values = ours.castTo(DataType.FLOAT).dup('c').data().asFloat();
        assertThat(values).hasSameSizeAs(theirs);
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < values.length; i++) {
            difference += Math.pow((double) values[i] - theirs[i], 2);
            norm += Math.pow(theirs[i], 2);
        }
        return Math.sqrt(difference / norm);
    }

    @Test
    void tubeMaskingMatchesThePyTorchModelsLossesAndEveryGradient() {
        Differences differences = compare("tube", weights -> weights);
        assertThat(differences.loss()).isLessThan(LOSS_BOUND);
        assertThat(differences.gradient()).as(differences.worstGradient()).isLessThan(GRADIENT_BOUND);
    }

    @Test
    void theAdaptiveSamplerMatchesThePyTorchModelsLossesProbabilitiesAndEveryGradient() {
        Differences differences = compare("adaptive", weights -> weights);
        assertThat(differences.loss()).isLessThan(LOSS_BOUND);
        assertThat(differences.probabilities()).isLessThan(LOSS_BOUND);
        assertThat(differences.gradient()).as(differences.worstGradient()).isLessThan(GRADIENT_BOUND);
    }

    @Test
    void aTokenizerReadInTheWrongChannelOrderFailsTheComparison() {
        // Rows taken in (c, t, y, x) order, as a layout that follows Conv3d's kernel would take them.
        Differences differences = compare("tube", weights -> {
            INDArray right = weights.get(VideoMaeNames.TOKENIZER_WEIGHT);
            long[] shape = right.shape();
            float[] theirs = TensorLayout.TOKENIZER.toForeign(right.dup('c').data().asFloat(), shape, MODEL);
            float[] wrong = TensorLayout.transpose(theirs, (int) shape[1], (int) shape[0]);
            Map<String, INDArray> tampered = new LinkedHashMap<>(weights);
            tampered.put(VideoMaeNames.TOKENIZER_WEIGHT, Nd4j.create(wrong, shape, DataType.FLOAT));
            return tampered;
        });
        assertThat(differences.loss()).isGreaterThan(LOSS_BOUND);
        assertThat(differences.gradient()).isGreaterThan(GRADIENT_BOUND);
    }

    @Test
    void theReleasedCheckpointShapedPthImportsToTheSameWeightsAsTheSafetensors() {
        VideoMaeGraph graph = graph(true);
        Map<String, long[]> shapes = shapes(graph);
        Map<String, INDArray> fromPth;
        try (StateDictFile pth = StateDictFile.open(resource("weights.pth"))) {
            assertThat(pth).isInstanceOf(TorchCheckpoint.class);
            fromPth = StateDictConversion.importFrom(pth, KeyPrefix.NONE, shapes, Kind.PRETRAINING, MODEL, "test");
        }
        Map<String, INDArray> fromSafetensors = ours("weights.safetensors", graph);
        assertThat(fromPth.keySet()).isEqualTo(fromSafetensors.keySet());
        fromPth.forEach((name, value) -> assertThat(value.data().asFloat()).as(name)
                .isEqualTo(fromSafetensors.get(name).data().asFloat()));
    }
}
