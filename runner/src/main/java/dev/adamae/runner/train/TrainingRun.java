package dev.adamae.runner.train;

import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.ClipBatches;
import dev.adamae.engine.train.DataLoading;
import dev.adamae.engine.train.Pretrainer;
import dev.adamae.engine.train.StepMetrics;
import dev.adamae.engine.train.TrainingListener;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.masking.MaskingSelection;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The pieces of a pre-training run, built one way for every command that trains: the graph for
 * the selected strategy's visible count, the batches of the data set, and the loop.
 *
 * @param graph the model's graph, with the strategy's learned sampler if it has one
 * @param batches the batches of the run
 * @param visibleCount the visible tokens per clip
 */
public record TrainingRun(VideoMaeGraph graph, ClipBatches batches, int visibleCount) {

    /**
     * Builds the graph and the batches of a run.
     *
     * @throws dev.adamae.runner.UsageException when a step of the batch cannot fit in this process's memory
     */
    public static TrainingRun of(ModelSettings model, TrainingSettings training, MaskingSelection selection,
            LossType lossType, ClipDataset dataset, DataLoading loading, Consumer<String> warnings) {
        int visible = selection.strategy().visibleCount(model.grid(), selection.ratio());
        int decoded = selection.decodedCount(model.grid());
        MemoryCheck.check(model, training.batchSize(), visible, decoded);
        VideoMaeGraph graph = VideoMaeGraph.build(
                new VideoMaeGraphSpec(model, training.batchSize(), visible, lossType, training.seed(), decoded),
                selection.strategy().learnedSampler());
        return new TrainingRun(graph,
                new ClipBatches(dataset, training.batchSize(), training.seed(), model, loading, warnings), visible);
    }

    /** Returns the hidden tokens per clip the decoder reconstructs (all of them without a decoder mask). */
    public int decodedCount() {
        return graph.spec().decodedCount();
    }

    /** Returns the loop of this run. */
    public Pretrainer pretrainer(MaskingSelection selection, TrainingSettings training, CheckpointStore checkpoints,
            Properties identity, List<? extends TrainingListener<? super StepMetrics>> listeners) {
        return new Pretrainer(graph, selection.strategy(), selection.ratio(), selection.decoderMasking(), batches,
                training, checkpoints, identity, listeners);
    }
}
