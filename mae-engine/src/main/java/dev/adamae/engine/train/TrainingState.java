package dev.adamae.engine.train;

import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a run needs to go on exactly where it stopped: the step, the weights, the
 * optimiser's state, and a description of the run that must match when resuming.
 *
 * <p>The data order, the masks and every other random draw are functions of the seed and the
 * step, so the step is the whole random state and the whole data position.
 *
 * @param step the number of steps done
 * @param identity what the run is (model dimensions, strategy, ratio, batch, seed, loss); a
 *     checkpoint resumes only a run of the same identity
 * @param parameters the weights, by variable name
 * @param optimiserUpdates the number of updates AdamW applied
 * @param firstMoments AdamW's first moments, by variable name
 * @param secondMoments AdamW's second moments, by variable name
 * @param skips what the run's batches skipped so far
 */
public record TrainingState(
        long step,
        Properties identity,
        Map<String, INDArray> parameters,
        long optimiserUpdates,
        Map<String, INDArray> firstMoments,
        Map<String, INDArray> secondMoments,
        DataSkips skips) {

    /** Creates the state of a run that skipped no clip. */
    public TrainingState(long step, Properties identity, Map<String, INDArray> parameters, long optimiserUpdates,
            Map<String, INDArray> firstMoments, Map<String, INDArray> secondMoments) {
        this(step, identity, parameters, optimiserUpdates, firstMoments, secondMoments, DataSkips.NONE);
    }
}
