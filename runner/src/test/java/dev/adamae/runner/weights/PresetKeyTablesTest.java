package dev.adamae.runner.weights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.model.VideoClassifierSpec;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.masking.adaptive.AdaptiveMaskingStrategyFactory;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.weights.StateDictNames.Kind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * At every preset, our variables map onto exactly the keys and shapes of the authors' models as
 * PyTorch builds them (tools/parity/make_parity_resources.py wrote keys.json): the pre-training
 * model with AdaMAE's sampler, and a fine-tuned classifier of 174 classes.
 */
class PresetKeyTablesTest {

    private static final int CLASSES = 174;

    static Stream<Arguments> presets() throws Exception {
        JsonNode tables = new ObjectMapper().readTree(PyTorchParityTest.resource("keys.json").toFile());
        return Stream.of("test", "bench", "tiny", "small", "base").map(preset -> Arguments.of(preset, tables.get(preset)));
    }

    private static Map<String, List<Long>> table(JsonNode node) {
        Map<String, List<Long>> table = new TreeMap<>();
        node.fields().forEachRemaining(field -> {
            List<Long> shape = new java.util.ArrayList<>();
            field.getValue().forEach(size -> shape.add(size.asLong()));
            table.put(field.getKey(), shape);
        });
        return table;
    }

    private static Map<String, List<Long>> ours(Map<String, long[]> shapes, Kind kind, ModelSettings model) {
        Map<String, List<Long>> table = new TreeMap<>();
        shapes.forEach((name, shape) -> table.put(StateDictNames.foreignName(name, kind),
                java.util.Arrays.stream(StateDictNames.layoutOf(name, shape).foreignShape(shape, model)).boxed().toList()));
        return table;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyVariableMapsOntoTheAuthorsKeysAndShapes(String preset, JsonNode tables) {
        Config config = new ConfigLoader(null).load(new ConfigRequest(preset, List.of(), List.of(), Map.of()),
                ConfigFactory.defaultReference());
        ModelSettings model = ModelSettings.from(config);
        Map<String, long[]> pretraining = new TreeMap<>();
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 1, 1, LossType.MSE_NORMALIZED, 0),
                new AdaptiveMaskingStrategyFactory().create(Settings.ofStrategy(config, "adaptive")).learnedSampler());
        graph.trainableVariables().forEach(name -> pretraining.put(name, graph.sameDiff().getArrForVarName(name).shape()));
        assertThat(ours(pretraining, Kind.PRETRAINING, model)).isEqualTo(table(tables.get("pretraining")));

        Map<String, long[]> classifier = new TreeMap<>();
        for (Map.Entry<String, INDArray> entry : VideoClassifierGraph.build(new VideoClassifierSpec(model, 1, CLASSES,
                VideoClassifierSpec.Head.CLASSIFIER, 0.0, 0)).parameters().entrySet()) {
            classifier.put(entry.getKey(), entry.getValue().shape());
        }
        assertThat(ours(classifier, Kind.CLASSIFIER, model)).isEqualTo(table(tables.get("classifier")));
    }
}
