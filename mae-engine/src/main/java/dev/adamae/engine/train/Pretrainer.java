package dev.adamae.engine.train;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import dev.adamae.api.TrainingProgress;
import dev.adamae.engine.model.ClipContents;
import dev.adamae.engine.model.DecodedTokens;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeNames;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pre-training loop: for each step, a batch, its masks, the gradients of the whole loss,
 * then one AdamW update; a checkpoint every few steps and at the end.
 *
 * <p>The loop knows masking strategies only through the SPI: a strategy with a learned sampler
 * is asked for masks drawn from the probabilities the graph computes for the batch; a strategy
 * that looks at the clips finds them, cut into tubelets once for it and for the graph, in its
 * request; every request carries the step and the run's total steps.
 */
public final class Pretrainer {

    private final VideoMaeGraph graph;
    private final MaskingStrategy strategy;
    private final double ratio;
    private final DecoderMasking decoder;
    private final ClipBatches batches;
    private final TrainingSettings settings;
    private final CheckpointStore checkpoints;
    private final Properties identity;
    private final List<TrainingListener<? super StepMetrics>> listeners;
    private final AdamW optimiser;
    private final List<String> lossNames;
    private final StepArena arena = new StepArena();

    /**
     * Creates the loop.
     *
     * @param identity what the run is; a checkpoint resumes only a run of the same identity
     */
    public Pretrainer(VideoMaeGraph graph, MaskingStrategy strategy, double ratio, ClipBatches batches,
            TrainingSettings settings, CheckpointStore checkpoints, Properties identity,
            List<? extends TrainingListener<? super StepMetrics>> listeners) {
        this(graph, strategy, ratio, Optional.empty(), batches, settings, checkpoints, identity, listeners);
    }

    /**
     * Creates the loop with a decoder mask (VideoMAE V2's dual masking).
     *
     * @param decoder the decoder mask; the graph must be built to decode its
     *     {@link DecoderMasking#decodedCount} tokens, or to decode every hidden one when it is empty
     * @param identity what the run is; a checkpoint resumes only a run of the same identity
     */
    public Pretrainer(VideoMaeGraph graph, MaskingStrategy strategy, double ratio, Optional<DecoderMasking> decoder,
            ClipBatches batches, TrainingSettings settings, CheckpointStore checkpoints, Properties identity,
            List<? extends TrainingListener<? super StepMetrics>> listeners) {
        int decoded = decoder.map(d -> d.decodedCount(graph.spec().grid(), graph.spec().hiddenCount()))
                .orElse(graph.spec().hiddenCount());
        if (decoded != graph.spec().decodedCount()) {
            throw new IllegalArgumentException("The graph decodes " + graph.spec().decodedCount()
                    + " tokens per clip but the decoder mask calls for " + decoded);
        }
        this.graph = graph;
        this.strategy = strategy;
        this.ratio = ratio;
        this.decoder = decoder.orElse(null);
        this.batches = batches;
        this.settings = settings;
        this.checkpoints = checkpoints;
        this.identity = identity;
        this.listeners = List.copyOf(listeners);
        this.optimiser = AdamW.of(settings, graph.withoutWeightDecay());
        this.lossNames = graph.hasLearnedSampler()
                ? List.of(VideoMaeNames.LOSS_TOTAL, VideoMaeNames.LOSS_RECONSTRUCTION, VideoMaeNames.LOSS_STRATEGY)
                : List.of(VideoMaeNames.LOSS_TOTAL, VideoMaeNames.LOSS_RECONSTRUCTION);
    }

    /**
     * Runs the remaining steps.
     *
     * @param resumeFrom the checkpoint to go on from, or empty to start at step 0
     * @return the metrics of the last step
     * @throws TrainingDivergedException when the loss stops being finite
     */
    public StepMetrics run(Optional<Path> resumeFrom) {
        return run(restore(resumeFrom));
    }

    /**
     * Puts the model and the optimiser in the state of a checkpoint, after checking that it fits.
     *
     * @param resumeFrom the checkpoint to go on from, or empty to start at step 0
     * @return the step to go on from
     * @throws CheckpointException when the checkpoint does not fit; nothing is changed then
     */
    public long restore(Optional<Path> resumeFrom) {
        return resumeFrom.map(file -> {
            TrainingState state = CheckpointStore.restore(file, identity, parameters(), optimiser);
            batches.restore(state.skips());
            return state.step();
        }).orElse(0L);
    }

    /**
     * Runs the steps from {@code step} on, once {@link #restore} has put the model there.
     *
     * @return the metrics of the last step, or {@code null} when none was left to run
     * @throws TrainingDivergedException when the loss stops being finite
     */
    public StepMetrics run(long step) {
        arena.installOn(graph.sameDiff());
        LearningRateSchedule schedule = settings.schedule();
        return TrainingLoop.run(step, settings.steps(), settings.checkpointEvery(), listeners, checkpoints,
                done -> step(done, schedule.at(done)), this::state, batches::close);
    }

    private StepMetrics step(long step, double learningRate) {
        long started = System.nanoTime();
        arena.nextStep();
        ClipBatch batch = batches.batch(step);
        INDArray clips = batch.clips();
        StepMasks masks = masks(step, clips);
        TokenMask mask = masks.mask();
        SameDiff sameDiff = graph.sameDiff();
        // The graph's own random ops (a sampler's dropout) draw from a seed of the step too.
        Nd4j.getRandom().setSeed(Seeds.derive(settings.seed(), Seeds.GRAPH, step));
        Map<String, INDArray> inputs = masks.cut() != null ? graph.inputs(masks.cut(), mask, masks.decoded())
                : graph.inputs(clips, mask, masks.decoded());
        OutAndGrad result = sameDiff.calculateGradientsAndOutputs(inputs, lossNames, graph.trainableVariables());
        Map<String, INDArray> outputs = result.getOutputs();
        double loss = outputs.get(VideoMaeNames.LOSS_TOTAL).getDouble(0);
        double reconstruction = outputs.get(VideoMaeNames.LOSS_RECONSTRUCTION).getDouble(0);
        double strategyLoss = graph.hasLearnedSampler() ? outputs.get(VideoMaeNames.LOSS_STRATEGY).getDouble(0)
                : Double.NaN;
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("The loss became " + loss + " at step " + (step + 1)
                    + " (reconstruction " + reconstruction + "); the last good checkpoint is "
                    + checkpoints.newest().map(Path::toString).orElse("none (no checkpoint was written yet)"));
        }
        optimiser.apply(parameters(), result.getGradients(), learningRate);
        // The inputs are ours: free them now rather than when the JVM collects. The outputs and
        // gradients belong to the arena, which takes them back at the next step.
        inputs.values().forEach(INDArray::close);
        double millis = (System.nanoTime() - started) / 1e6;
        return new StepMetrics(step + 1, loss, reconstruction, strategyLoss, learningRate, millis,
                settings.batchSize() * 1000.0 / millis, MemoryProbe.residentMegabytes(),
                MemoryProbe.offHeapMegabytes(), batches.skipped(),
                batch.hasForeground() ? ForegroundEnrichment.ofMask(mask, batch.tokenForeground()) : Double.NaN,
                batch.hasForeground() && masks.probabilities() != null
                        ? ForegroundEnrichment.ofProbabilities(masks.probabilities(), batch.tokenForeground())
                        : Double.NaN);
    }

    /**
     * A step's masks, the probabilities a learned sampler drew them from ({@code null} without
     * one), the batch cut into tubelets with its content ({@code null} unless a mask asked for
     * it), and the hidden tokens the decoder reconstructs.
     */
    record StepMasks(TokenMask mask, TokenProbabilities probabilities, ClipContents.CutClips cut, DecodedTokens decoded) {
    }

    /**
     * Draws the step's masks; a learned sampler first computes its token probabilities for the
     * batch, and a strategy that asks for the clips' content gets it.
     */
    StepMasks masks(long step, INDArray clips) {
        TokenProbabilities probabilities = null;
        if (graph.hasLearnedSampler()) {
            Nd4j.getRandom().setSeed(Seeds.derive(settings.seed(), Seeds.GRAPH, step));
            INDArray p = graph.sameDiff().output(graph.clipInputs(clips), VideoMaeNames.TOKEN_PROBABILITIES)
                    .get(VideoMaeNames.TOKEN_PROBABILITIES);
            probabilities = TokenProbabilities.of(graph.spec().grid(), p);
        }
        // The tubelets are cut once, for whichever mask reads them, and the graph's inputs reuse them.
        boolean decoderReads = decoder != null && decoder.strategy().needsContent();
        ClipContents.CutClips cut = strategy.needsContent() || decoderReads
                ? ClipContents.cut(clips, graph.spec().model()) : null;
        ClipContent content = cut == null ? null : cut.content();
        TrainingProgress progress = new TrainingProgress(step, settings.steps());
        TokenMask mask = strategy.sample(new MaskRequest(graph.spec().grid(), ratio, settings.batchSize(),
                new SplittableRandom(Seeds.derive(settings.seed(), Seeds.MASKS, step)), probabilities,
                strategy.needsContent() ? content : null, progress));
        StrategyFaultException.check(identity.getProperty("strategy", "(unnamed)"), graph.spec().grid(),
                settings.batchSize(), graph.spec().visibleCount(), mask);
        DecodedTokens decoded = decoder == null ? DecodedTokens.allHidden(mask)
                : decoder.decoded(mask, Seeds.derive(settings.seed(), Seeds.DECODER_MASKS, step), content, progress);
        return new StepMasks(mask, probabilities, cut, decoded);
    }

    private Map<String, INDArray> parameters() {
        return CheckpointWeights.parametersOf(graph);
    }

    private TrainingState state(long step) {
        return new TrainingState(step, identity, parameters(), optimiser.updates(), optimiser.firstMoments(),
                optimiser.secondMoments(), batches.skips());
    }
}
