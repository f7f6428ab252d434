package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.model.VideoMaeNames;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A checkpoint's weights put into a graph, or refused when they do not fit it. */
class CheckpointWeightsTest {

    private static final ModelSettings MODEL = ModelSettings.from(ConfigFactory.parseFile(
            new File("../conf/presets/test.conf")).withFallback(ConfigFactory.defaultReference()).resolve());
    private static final Path FILE = Path.of("step-000000010.ckpt");

    private static VideoMaeGraph graph(ModelSettings model, long seed) {
        return VideoMaeGraph.build(new VideoMaeGraphSpec(model, 1, 8, LossType.MSE_NORMALIZED, seed), Optional.empty());
    }

    private static TrainingState stateOf(VideoMaeGraph graph) {
        Map<String, INDArray> parameters = new HashMap<>(CheckpointWeights.parametersOf(graph));
        parameters.replaceAll((name, array) -> array.dup());
        return new TrainingState(10, new Properties(), parameters, 0, Map.of(), Map.of());
    }

    @Test
    void everyTrainableVariableTakesItsValueFromTheCheckpoint() {
        VideoMaeGraph trained = graph(MODEL, 1);
        VideoMaeGraph fresh = graph(MODEL, 2);

        CheckpointWeights.restore(FILE, stateOf(trained), fresh);

        for (String name : fresh.trainableVariables()) {
            assertThat(fresh.sameDiff().getVariable(name).getArr()).as(name)
                    .isEqualTo(trained.sameDiff().getVariable(name).getArr());
        }
    }

    @Test
    void weightsTheModelHasNoVariableForAreLeftOut() {
        TrainingState state = stateOf(graph(MODEL, 1));
        state.parameters().put(VideoMaeNames.SAMPLER_SCOPE + "score/weight", Nd4j.ones(4, 1));

        CheckpointWeights.restore(FILE, state, graph(MODEL, 2));
    }

    @Test
    void aMissingVariableIsNamed() {
        TrainingState state = stateOf(graph(MODEL, 1));
        state.parameters().remove(VideoMaeNames.MASK_TOKEN);

        assertThatThrownBy(() -> CheckpointWeights.restore(FILE, state, graph(MODEL, 2)))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint step-000000010.ckpt does not fit this model: it has no " + VideoMaeNames.MASK_TOKEN);
    }

    @Test
    void aVariableOfAnotherShapeIsNamedWithBothShapesAndNothingIsAssigned() {
        ModelSettings.Transformer wider = new ModelSettings.Transformer(64, 2, 2, 4.0);
        ModelSettings other = new ModelSettings(4, 32, 32, 2, 8, 8, wider, MODEL.decoder(), 2);
        VideoMaeGraph fresh = graph(MODEL, 2);
        INDArray before = fresh.sameDiff().getVariable(VideoMaeNames.MASK_TOKEN).getArr().dup();

        assertThatThrownBy(() -> CheckpointWeights.restore(FILE, stateOf(graph(other, 1)), fresh))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("does not fit this model: ")
                .hasMessageContaining("is [")
                .hasMessageContaining(", the model's [");
        assertThat(fresh.sameDiff().getVariable(VideoMaeNames.MASK_TOKEN).getArr()).isEqualTo(before);
    }
}
