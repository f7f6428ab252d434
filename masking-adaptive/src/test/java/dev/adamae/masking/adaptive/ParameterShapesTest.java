package dev.adamae.masking.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.LearnedSampler;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.ModelShapes;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.model.VideoClassifierSpec;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import java.io.File;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The variables' names and shapes learnt without initial values (what import writes a
 * checkpoint by) are those of the graph built with them, at every preset, with and without the
 * adaptive sampler, and of the classifier.
 */
class ParameterShapesTest {

    private static final double RATIO = 0.9;

    @ParameterizedTest
    @ValueSource(strings = {"test", "tiny", "small", "base"})
    void theShapesWithoutValuesAreTheBuiltGraphsWithAndWithoutTheSampler(String preset) {
        ModelSettings model = ModelSettings.from(ConfigFactory.parseFile(new File("../conf/presets/" + preset + ".conf"))
                .withFallback(ConfigFactory.defaultReference()).resolve());
        AdaptiveMaskingStrategy adaptive = Strategies.adaptive();
        VideoMaeGraphSpec spec = new VideoMaeGraphSpec(model, 1, adaptive.visibleCount(model.grid(), RATIO),
                LossType.MSE_NORMALIZED, 3);
        for (Optional<LearnedSampler> sampler : java.util.List.of(Optional.<LearnedSampler>empty(),
                adaptive.learnedSampler())) {
            Map<String, long[]> shapes = VideoMaeGraph.parameterShapes(spec, sampler);
            VideoMaeGraph built = VideoMaeGraph.build(spec, sampler);
            Map<String, long[]> builtShapes = new TreeMap<>();
            built.trainableVariables().forEach(name -> builtShapes.put(name,
                    built.sameDiff().getArrForVarName(name).shape()));
            assertThat(printed(shapes)).as(preset + (sampler.isPresent() ? " with the sampler" : ""))
                    .isEqualTo(printed(builtShapes));
            assertThat(shapes.keySet().stream().anyMatch(name -> name.startsWith(dev.adamae.engine.model.VideoMaeNames.SAMPLER_SCOPE)))
                    .isEqualTo(sampler.isPresent());
        }
        // The table import checks weight files against, without a graph: the model's, plus the
        // sampler's own list, for the attention sampler and the MLP one.
        for (AdaptiveMaskingStrategy strategy : java.util.List.of(adaptive, Strategies.adaptive("sampler = mlp"))) {
            LearnedSampler sampler = strategy.learnedSampler().orElseThrow();
            Map<String, long[]> table = ModelShapes.pretraining(model, Optional.of(sampler)).orElseThrow();
            assertThat(printed(table)).as(preset + " table with " + strategy)
                    .isEqualTo(printed(VideoMaeGraph.parameterShapes(spec, Optional.of(sampler))));
        }
        VideoClassifierSpec classifier = new VideoClassifierSpec(model, 1, 7, VideoClassifierSpec.Head.CLASSIFIER, 0.0, 0);
        VideoClassifierGraph built = VideoClassifierGraph.build(classifier);
        assertThat(printed(VideoClassifierGraph.parameterShapes(classifier))).as(preset + " classifier")
                .isEqualTo(printed(built.parameters().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        entry -> entry.getValue().shape()))));
    }

    /** One line per variable, sorted: a difference shows by name. */
    private static String printed(Map<String, long[]> shapes) {
        return new TreeMap<>(shapes).entrySet().stream().map(entry -> entry.getKey() + " " + Arrays.toString(entry.getValue()))
                .collect(Collectors.joining("\n"));
    }
}
