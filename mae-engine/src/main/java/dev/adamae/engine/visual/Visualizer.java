package dev.adamae.engine.visual;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.ClipContents;
import dev.adamae.engine.model.Reconstruction;
import dev.adamae.engine.model.TubeletLayout;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.model.VideoMaeNames;
import dev.adamae.engine.train.Seeds;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shows a model one clip as in pre-training: draws a mask with the strategy (from the
 * probabilities the graph's learned sampler computes for the clip, when it has one; on the clip's
 * content, when the strategy looks at the clip), runs the
 * graph forward, and puts the predicted tokens back into pixels.
 *
 * <p>The mask of seed {@code s} is drawn from {@code new SplittableRandom(s)}, as
 * {@code adamae masks --seed s} draws it; the graph's own random ops (a sampler's dropout, which
 * stays on as in training) are seeded from {@code s} too, so one seed gives one picture.
 */
public final class Visualizer {

    private final VideoMaeGraph graph;
    private final MaskingStrategy strategy;
    private final double ratio;
    private final TubeletLayout layout;

    /**
     * Creates the visualiser.
     *
     * @param graph a graph of batch size 1 for the strategy's visible count at {@code ratio}, with
     *     the strategy's learned sampler if it has one, holding the weights to show
     */
    public Visualizer(VideoMaeGraph graph, MaskingStrategy strategy, double ratio) {
        VideoMaeGraphSpec spec = graph.spec();
        if (spec.batchSize() != 1) {
            throw new IllegalArgumentException("A visualiser takes a graph of one clip, got batch size " + spec.batchSize());
        }
        int visible = strategy.visibleCount(spec.grid(), ratio);
        if (visible != spec.visibleCount()) {
            throw new IllegalArgumentException("The strategy leaves " + visible + " tokens visible at ratio " + ratio
                    + ", the graph was built for " + spec.visibleCount());
        }
        if (strategy.learnedSampler().isPresent() != graph.hasLearnedSampler()) {
            throw new IllegalArgumentException("The graph " + (graph.hasLearnedSampler() ? "has" : "has no")
                    + " learned sampler, the strategy " + (graph.hasLearnedSampler() ? "has none" : "has one"));
        }
        this.graph = graph;
        this.strategy = strategy;
        this.ratio = ratio;
        this.layout = TubeletLayout.of(spec.model());
    }

    /**
     * Masks the clip, reconstructs it, and returns what the model made of it.
     *
     * @param clip a clip of the model's size, ImageNet-normalised
     * @param seed seeds the mask and the graph's random ops
     */
    public Visualization show(VideoClip clip, long seed) {
        ModelSettings model = graph.spec().model();
        if (clip.frames() != model.clipFrames() || clip.height() != model.clipHeight()
                || clip.width() != model.clipWidth()) {
            throw new IllegalArgumentException("Clip " + clip.id() + " is " + clip.frames() + "x" + clip.height() + "x"
                    + clip.width() + ", the model takes " + model.clipFrames() + "x" + model.clipHeight() + "x"
                    + model.clipWidth());
        }
        INDArray clipArray = Nd4j.create(clip.pixels(),
                new long[] {1, ModelSettings.CHANNELS, clip.frames(), clip.height(), clip.width()}, 'c');
        long graphSeed = Seeds.derive(seed, Seeds.GRAPH, 0);
        TokenProbabilities probabilities = null;
        if (graph.hasLearnedSampler()) {
            Nd4j.getRandom().setSeed(graphSeed);
            INDArray p = graph.sameDiff().output(graph.clipInputs(clipArray), VideoMaeNames.TOKEN_PROBABILITIES)
                    .get(VideoMaeNames.TOKEN_PROBABILITIES);
            probabilities = TokenProbabilities.of(layout.grid(), p);
        }
        ClipContent content = strategy.needsContent() ? ClipContents.of(clipArray, model) : null;
        TokenMask mask = strategy.sample(new MaskRequest(layout.grid(), ratio, 1, new SplittableRandom(seed),
                probabilities, content, null));
        Nd4j.getRandom().setSeed(graphSeed);
        INDArray prediction = graph.sameDiff().output(content != null ? graph.inputs(content, mask)
                : graph.inputs(clipArray, mask), VideoMaeNames.PREDICTION).get(VideoMaeNames.PREDICTION);
        float[][] predictions = prediction.reshape(mask.hiddenCount(), layout.tokenValues()).toFloatMatrix();
        float[] input = Reconstruction.pixels(layout, clip.pixels());
        float[] reconstruction = Reconstruction.reassemble(layout, graph.spec().lossType(), input, mask.hidden(0),
                predictions);
        return new Visualization(clip.id(), layout, mask, probabilities == null ? null : probabilities.clip(0), input,
                reconstruction);
    }
}
