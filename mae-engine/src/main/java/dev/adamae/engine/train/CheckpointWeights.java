package dev.adamae.engine.train;

import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeNames;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Puts a checkpoint's weights into a model's graph, after checking that they fit it.
 *
 * <p>Every trainable variable of the graph must be in the checkpoint with the same shape. Weights
 * the graph has no variable for are left out: a checkpoint of a run with a learned sampler fits
 * the same model without it.
 */
public final class CheckpointWeights {

    private CheckpointWeights() {
    }

    /**
     * Assigns each trainable variable of {@code graph} its value in {@code state}.
     *
     * @param file the checkpoint's file, for messages
     * @throws CheckpointException naming the first variable that is missing or of another shape;
     *     nothing is assigned then
     */
    public static void restore(Path file, TrainingState state, VideoMaeGraph graph) {
        restore(file, state, parametersOf(graph));
    }

    /**
     * Assigns each of {@code parameters} (a model's live arrays, by name) its value in {@code state}.
     *
     * @param file the checkpoint's file, for messages
     * @throws CheckpointException naming the first parameter that is missing or of another shape;
     *     nothing is assigned then
     */
    public static void restore(Path file, TrainingState state, Map<String, INDArray> parameters) {
        for (Map.Entry<String, INDArray> entry : parameters.entrySet()) {
            String name = entry.getKey();
            INDArray saved = state.parameters().get(name);
            if (saved == null) {
                throw new CheckpointException("Checkpoint " + file + " does not fit this model: it has no " + name
                        + (name.startsWith(VideoMaeNames.SAMPLER_SCOPE)
                                ? " (it was trained without this masking strategy's sampler)" : ""));
            }
            if (!Arrays.equals(saved.shape(), entry.getValue().shape())) {
                throw new CheckpointException("Checkpoint " + file + " does not fit this model: " + name + " is "
                        + Arrays.toString(saved.shape()) + ", the model's " + Arrays.toString(entry.getValue().shape()));
            }
        }
        parameters.forEach((name, array) -> array.assign(state.parameters().get(name)));
    }

    /** Returns the graph's trainable variables' arrays, by name. */
    static Map<String, INDArray> parametersOf(VideoMaeGraph graph) {
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        for (String name : graph.trainableVariables()) {
            parameters.put(name, graph.sameDiff().getVariable(name).getArr());
        }
        return parameters;
    }
}
