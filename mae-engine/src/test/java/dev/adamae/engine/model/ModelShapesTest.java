package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.engine.ModelSettings;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table of variables written out from the settings is what the graph builders create, at
 * every preset and for a model whose sides all differ: an import checked against the table checks
 * against the model.
 */
class ModelShapesTest {

    @ParameterizedTest
    @ValueSource(strings = {"test", "tiny", "small", "base", "uneven"})
    void theTableIsTheAutoencodersVariablesAndTheClassifiers(String preset) {
        ModelSettings model = preset.equals("uneven") ? Presets.unevenModel() : Presets.model(preset);
        VideoMaeGraphSpec spec = new VideoMaeGraphSpec(model, 1, 1, LossType.MSE_NORMALIZED, 0);
        assertThat(printed(ModelShapes.pretraining(model))).as(preset + " autoencoder")
                .isEqualTo(printed(VideoMaeGraph.parameterShapes(spec, Optional.empty())));
        VideoClassifierSpec classifier = new VideoClassifierSpec(model, 1, 5, VideoClassifierSpec.Head.CLASSIFIER,
                0.0, 0);
        assertThat(printed(ModelShapes.classifier(model, 5))).as(preset + " classifier")
                .isEqualTo(printed(VideoClassifierGraph.parameterShapes(classifier)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"test", "uneven"})
    void theTableIsTheGraphBuiltWithValues(String preset) {
        ModelSettings model = preset.equals("uneven") ? Presets.unevenModel() : Presets.model(preset);
        VideoMaeGraph built = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 1, 2, LossType.MSE_NORMALIZED, 0),
                Optional.empty());
        Map<String, long[]> shapes = new TreeMap<>();
        built.trainableVariables().forEach(name -> shapes.put(name, built.sameDiff().getArrForVarName(name).shape()));
        assertThat(printed(ModelShapes.pretraining(model))).isEqualTo(printed(shapes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"test"})
    void withoutASamplerTheTableIsTheModelsAndASamplerThatListsNothingLeavesItToABuild(String preset) {
        ModelSettings model = Presets.model(preset);
        assertThat(printed(ModelShapes.pretraining(model, Optional.empty()).orElseThrow()))
                .isEqualTo(printed(ModelShapes.pretraining(model)));
        assertThat(ModelShapes.pretraining(model, Optional.of(new FakeLearnedSampler(0.5)))).isEmpty();
    }

    /** One line per variable, sorted: a difference shows by name. */
    private static String printed(Map<String, long[]> shapes) {
        return new TreeMap<>(shapes).entrySet().stream()
                .map(entry -> entry.getKey() + " " + Arrays.toString(entry.getValue()))
                .collect(Collectors.joining("\n"));
    }
}
