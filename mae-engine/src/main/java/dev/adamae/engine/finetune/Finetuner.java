package dev.adamae.engine.finetune;

import dev.adamae.engine.model.ClassifierNames;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.train.AdamW;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.ClipBatch;
import dev.adamae.engine.train.ClipBatches;
import dev.adamae.engine.train.LearningRateSchedule;
import dev.adamae.engine.train.MemoryProbe;
import dev.adamae.engine.train.Seeds;
import dev.adamae.engine.train.StepArena;
import dev.adamae.engine.train.TrainingDivergedException;
import dev.adamae.engine.train.TrainingListener;
import dev.adamae.engine.train.TrainingLoop;
import dev.adamae.engine.train.TrainingState;
import dev.adamae.engine.data.VideoClip;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The end-to-end fine-tuning loop: for each step, a labelled batch, mixup or cutmix with
 * smoothed soft targets, drop path, the gradients of the cross-entropy, then one AdamW update
 * with layer-wise learning rates; a single-view validation every epoch (or as set), and a
 * checkpoint every few steps and at the end.
 *
 * <p>Every random draw of a step is a function of the seed and the step, so a run resumed from
 * a checkpoint ends exactly as an uninterrupted one.
 */
public final class Finetuner {

    private final VideoClassifierGraph graph;
    private final ClipBatches batches;
    private final FinetuneSettings settings;
    private final int trainingClips;
    private final CheckpointStore checkpoints;
    private final Properties identity;
    private final Function<Runnable, TestResult> validation;
    private final List<? extends TrainingListener<? super FinetuneMetrics>> listeners;
    private final AdamW optimiser;
    private final StepArena arena = new StepArena();

    /**
     * Creates the loop.
     *
     * @param trainingClips the clips of the training set: an epoch is their number over the batch size
     * @param identity what the run is; a checkpoint resumes only a run of the same identity
     * @param validation tests the graph as it is on the validation clips, calling the runnable it
     *     is given before each batch (so the loop can recycle its memory); {@code null} for none
     */
    public Finetuner(VideoClassifierGraph graph, ClipBatches batches, FinetuneSettings settings, int trainingClips,
            CheckpointStore checkpoints, Properties identity, Function<Runnable, TestResult> validation,
            List<? extends TrainingListener<? super FinetuneMetrics>> listeners) {
        this.graph = graph;
        this.batches = batches;
        this.settings = settings;
        this.trainingClips = trainingClips;
        this.checkpoints = checkpoints;
        this.identity = identity;
        this.validation = validation;
        this.listeners = List.copyOf(listeners);
        this.optimiser = new AdamW(settings.beta1(), settings.beta2(), settings.epsilon(), settings.weightDecay(),
                graph.withoutWeightDecay(), graph.layerDecayScales(settings.layerDecay()));
    }

    /** Returns a scorer of clips by this loop's graph, recycling the loop's memory between batches. */
    public ClassifierTester.Scorer scorer(Runnable beforeBatch) {
        return scorerOf(graph, beforeBatch);
    }

    /** Returns a scorer of clips by {@code graph}'s class probabilities. */
    public static ClassifierTester.Scorer scorerOf(VideoClassifierGraph graph, Runnable beforeBatch) {
        return new ClassifierTester.Scorer() {
            @Override
            public int batchSize() {
                return graph.spec().batchSize();
            }

            @Override
            public float[][] probabilities(INDArray clips) {
                beforeBatch.run();
                return graph.sameDiff().output(graph.testInputs(clips), ClassifierNames.PROBABILITIES)
                        .get(ClassifierNames.PROBABILITIES).toFloatMatrix();
            }
        };
    }

    /** Returns the memory arena of the loop's thread, for a test after the run. */
    public Runnable recycler() {
        return arena::nextStep;
    }

    /**
     * Runs the remaining steps.
     *
     * @param resumeFrom the checkpoint to go on from, or empty to start at step 0
     * @return the metrics of the last step
     * @throws TrainingDivergedException when the loss stops being finite
     */
    public FinetuneMetrics run(Optional<Path> resumeFrom) {
        return run(restore(resumeFrom));
    }

    /**
     * Puts the model and the optimiser in the state of a checkpoint, after checking that it fits.
     *
     * @return the step to go on from: the checkpoint's, or 0 without one
     * @throws dev.adamae.engine.train.CheckpointException when the checkpoint does not fit; nothing is changed then
     */
    public long restore(Optional<Path> resumeFrom) {
        return resumeFrom.map(file -> {
            TrainingState state = CheckpointStore.restore(file, identity, graph.parameters(), optimiser);
            batches.restore(state.skips());
            return state.step();
        }).orElse(0L);
    }

    /** Runs the steps from {@code step} on, once {@link #restore} has put the model there. */
    public FinetuneMetrics run(long step) {
        arena.installOn(graph.sameDiff());
        int total = settings.totalSteps(trainingClips);
        int perEpoch = settings.stepsPerEpoch(trainingClips);
        int validateEvery = settings.validateEvery() > 0 ? settings.validateEvery() : perEpoch;
        LearningRateSchedule schedule = settings.schedule(trainingClips);
        return TrainingLoop.run(step, total, settings.checkpointEvery(), listeners, checkpoints, done -> {
            FinetuneMetrics metrics = step(done, schedule.at(done));
            long finished = done + 1;
            return validation != null && (finished % validateEvery == 0 || finished == total)
                    ? metrics.withValidation(validation.apply(arena::nextStep)) : metrics;
        }, done -> new TrainingState(done, identity, graph.parameters(), optimiser.updates(),
                optimiser.firstMoments(), optimiser.secondMoments(), batches.skips()), batches::close);
    }

    private FinetuneMetrics step(long step, double learningRate) {
        long started = System.nanoTime();
        arena.nextStep();
        ClipBatch batch = batches.batch(step);
        int classes = graph.spec().classes();
        for (int label : batch.labels()) {
            if (label == VideoClip.NO_LABEL) {
                throw new IllegalArgumentException("A training clip has no label: fine-tuning needs labelled data");
            }
        }
        ClipMixing.Mixed mixed = settings.mixing().apply(batch.clips(), batch.labels(), classes,
                new SplittableRandom(Seeds.derive(settings.seed(), Seeds.MIXING, step)));
        Map<String, INDArray> inputs = graph.trainingInputs(mixed.clips(), mixed.targets(),
                graph.dropPathMasks(new SplittableRandom(Seeds.derive(settings.seed(), Seeds.DROP_PATH, step))));
        OutAndGrad result = graph.sameDiff().calculateGradientsAndOutputs(inputs,
                List.of(ClassifierNames.LOSS, ClassifierNames.LOGITS), graph.trainableVariables());
        double loss = result.getOutputs().get(ClassifierNames.LOSS).getDouble(0);
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("The loss became " + loss + " at step " + (step + 1)
                    + "; the last good checkpoint is "
                    + checkpoints.newest().map(Path::toString).orElse("none (no checkpoint was written yet)"));
        }
        float[][] logits = result.getOutputs().get(ClassifierNames.LOGITS).toFloatMatrix();
        int correct = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] scores = new double[classes];
            for (int c = 0; c < classes; c++) {
                scores[c] = logits[i][c];
            }
            correct += ClassifierTester.ranked(scores)[0] == batch.labels()[i] ? 1 : 0;
        }
        optimiser.apply(graph.parameters(), result.getGradients(), learningRate);
        inputs.values().forEach(INDArray::close);
        batch.clips().close();
        double millis = (System.nanoTime() - started) / 1e6;
        return new FinetuneMetrics(step + 1, loss, learningRate, millis, settings.batchSize() * 1000.0 / millis,
                (double) correct / logits.length, MemoryProbe.residentMegabytes(), MemoryProbe.offHeapMegabytes(),
                batches.skipped(), Double.NaN, Double.NaN);
    }
}
