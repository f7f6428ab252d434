package dev.adamae.engine.model;

import dev.adamae.api.ClipContent;
import dev.adamae.api.LearnedSampler;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The video masked autoencoder as one SameDiff graph, with fixed batch size and visible count.
 *
 * <p>Inputs, outputs and losses have the stable names of {@link VideoMaeNames}. The graph holds
 * the tubelet tokenizer, fixed sinusoid position codes, the encoder on the visible tokens, the
 * decoder on the visible tokens plus one mask token per decoded hidden position (every hidden one,
 * or the fixed number a decoder mask chose, {@link DecodedTokens}), the reconstruction
 * target (computed in the graph from the tubelets that {@link #inputs} cuts from the clips on the
 * host), the per-token errors and the losses; with a
 * {@link LearnedSampler}, also the sampler's network and loss term. The total loss is the graph's
 * loss variable. Shapes and formulas follow the public VideoMAE / AdaMAE reference code.
 *
 * <p>The engine never names a strategy: a sampler attaches itself through the SPI.
 */
public final class VideoMaeGraph {

    private final VideoMaeGraphSpec spec;
    private final SameDiff sameDiff;
    private final List<String> trainableVariables;
    private final Set<String> withoutWeightDecay;
    private final boolean hasLearnedSampler;

    VideoMaeGraph(VideoMaeGraphSpec spec, SameDiff sameDiff, List<String> trainableVariables,
            Set<String> withoutWeightDecay, boolean hasLearnedSampler) {
        this.spec = spec;
        this.sameDiff = sameDiff;
        this.trainableVariables = List.copyOf(trainableVariables);
        this.withoutWeightDecay = Collections.unmodifiableSet(new LinkedHashSet<>(withoutWeightDecay));
        this.hasLearnedSampler = hasLearnedSampler;
    }

    /**
     * Builds the graph and initialises its weights from {@code spec.seed()}.
     *
     * <p>It reseeds ND4J's global random generator with that seed and draws every initial value
     * from it, the sampler's included; a sampler that draws from {@code Nd4j.getRandom()} is
     * therefore reproducible too.
     *
     * @param sampler the masking strategy's learned sampler, if it has one
     */
    public static VideoMaeGraph build(VideoMaeGraphSpec spec, Optional<LearnedSampler> sampler) {
        return new VideoMaeGraphBuilder(spec, true).build(sampler.orElse(null));
    }

    /**
     * Returns the names and shapes of the trainable variables {@link #build} gives, sorted by
     * name, from the same graph builder with the model's own variables declared by shape alone
     * (no value drawn or allocated; a sampler draws its own, few).
     *
     * @param sampler the masking strategy's learned sampler, if it has one
     */
    public static Map<String, long[]> parameterShapes(VideoMaeGraphSpec spec, Optional<LearnedSampler> sampler) {
        VideoMaeGraphBuilder builder = new VideoMaeGraphBuilder(spec, false);
        return builder.parameterShapes(builder.build(sampler.orElse(null)).trainableVariables);
    }

    public VideoMaeGraphSpec spec() {
        return spec;
    }

    /** Returns the graph; its loss variable is {@link VideoMaeNames#LOSS_TOTAL}. */
    public SameDiff sameDiff() {
        return sameDiff;
    }

    /** Tells whether a learned sampler is part of the graph, with its probabilities and loss term. */
    public boolean hasLearnedSampler() {
        return hasLearnedSampler;
    }

    /** Returns the names of all trainable variables, the sampler's included, sorted by name. */
    public List<String> trainableVariables() {
        return trainableVariables;
    }

    /**
     * Returns the trainable variables the optimiser must not decay: biases, layer norm gains and
     * biases, the mask token, and those the sampler names.
     */
    public Set<String> withoutWeightDecay() {
        return withoutWeightDecay;
    }

    /** Returns the number of trainable values. */
    public long parameterCount() {
        return trainableVariables.stream().mapToLong(name -> sameDiff.getVariable(name).getArr().length()).sum();
    }

    /**
     * Returns the placeholder values of one training or evaluation step.
     *
     * @param clip the clips, ImageNet-normalised, {@code [B, 3, T, H, W]}
     * @param mask the visible tokens of every clip; it must fit the graph's batch size and visible count
     */
    public Map<String, INDArray> inputs(INDArray clip, TokenMask mask) {
        return inputs(clip, mask, everyHidden(mask));
    }

    /**
     * Returns the placeholder values of one training or evaluation step with a decoder mask.
     *
     * @param clip the clips, ImageNet-normalised, {@code [B, 3, T, H, W]}
     * @param mask the visible tokens of every clip; it must fit the graph's batch size and visible count
     * @param decoded the hidden tokens of every clip the decoder reconstructs; as many per clip as the
     *     graph's {@link VideoMaeGraphSpec#decodedCount()}, each hidden by {@code mask}
     */
    public Map<String, INDArray> inputs(INDArray clip, TokenMask mask, DecodedTokens decoded) {
        checkClip(clip);
        return inputs(Tubelets.cutOnHost(clip, spec.model()), mask, decoded);
    }

    /**
     * Returns the placeholder values of a step whose clips are already cut into tubelets, as
     * {@link ClipContents#of} cuts them for a content-aware strategy: the same values that
     * {@link #inputs(INDArray, TokenMask)} gives for those clips, without cutting them again.
     *
     * @param content the batch's content, cut for this graph's model
     * @param mask the visible tokens of every clip; it must fit the graph's batch size and visible count
     */
    public Map<String, INDArray> inputs(ClipContent content, TokenMask mask) {
        return inputs(content, mask, everyHidden(mask));
    }

    /**
     * Returns the placeholder values of a step whose clips are already cut into tubelets, with a
     * decoder mask; see {@link #inputs(ClipContent, TokenMask)} and
     * {@link #inputs(INDArray, TokenMask, DecodedTokens)}.
     */
    public Map<String, INDArray> inputs(ClipContent content, TokenMask mask, DecodedTokens decoded) {
        checkContent(content);
        float[] tubelets = new float[content.batchSize() * spec.tokenCount() * content.tubeletValues()];
        content.values().get(tubelets);
        return inputs(tubelets, mask, decoded);
    }

    /**
     * Returns the placeholder values of a step whose clips {@link ClipContents#cut} cut once, for a
     * strategy and for the graph: the graph takes the cut rows as they are, without a copy.
     */
    public Map<String, INDArray> inputs(ClipContents.CutClips cut, TokenMask mask, DecodedTokens decoded) {
        checkContent(cut.content());
        return inputs(cut.tubelets(), mask, decoded);
    }

    private void checkContent(ClipContent content) {
        ModelSettings model = spec.model();
        if (!content.grid().equals(spec.grid()) || content.batchSize() != spec.batchSize()
                || content.tubeletFrames() != model.tubeletFrames() || content.tubeletHeight() != model.tubeletHeight()
                || content.tubeletWidth() != model.tubeletWidth()) {
            throw new IllegalArgumentException("Content " + content + " does not fit a graph built for "
                    + spec.batchSize() + " clips of grid " + spec.grid() + " with tubelets " + model.tubeletFrames() + "x"
                    + model.tubeletHeight() + "x" + model.tubeletWidth());
        }
    }

    /** Every hidden token, for a graph without a decoder mask; a graph with one needs its decoded tokens. */
    private DecodedTokens everyHidden(TokenMask mask) {
        if (spec.hasDecoderMask()) {
            throw new IllegalArgumentException("A graph built with a decoder mask (" + spec.decodedCount() + " of "
                    + spec.hiddenCount() + " hidden tokens decoded) needs the decoded tokens of every clip");
        }
        return DecodedTokens.allHidden(mask);
    }

    private Map<String, INDArray> inputs(float[] tubelets, TokenMask mask, DecodedTokens decoded) {
        checkMask(mask);
        if (decoded.batchSize() != mask.batchSize() || decoded.count() != spec.decodedCount()) {
            throw new IllegalArgumentException("Decoded tokens for " + decoded.batchSize() + " clips, " + decoded.count()
                    + " each, do not fit a graph built to decode " + spec.decodedCount() + " of each clip's tokens");
        }
        for (int c = 0; c < decoded.batchSize(); c++) {
            for (int token : decoded.tokens(c)) {
                if (mask.isVisible(c, token)) {
                    throw new IllegalArgumentException("Clip " + c + ": decoded token " + token + " is visible to the encoder");
                }
            }
        }
        int tokens = spec.tokenCount();
        int values = spec.model().tokenValues();
        return Map.of(
                VideoMaeNames.TUBELETS, Tubelets.matrix(tubelets, values),
                VideoMaeNames.VISIBLE_TUBELETS,
                Tubelets.pick(tubelets, tokens, values, TokenSelection.visibleTokens(mask)),
                VideoMaeNames.HIDDEN_TUBELETS,
                Tubelets.pick(tubelets, tokens, values, decoded.rows()),
                VideoMaeNames.VISIBLE_SELECT, TokenSelection.visible(mask),
                VideoMaeNames.HIDDEN_SELECT, TokenSelection.decoded(decoded, tokens));
    }

    private void checkMask(TokenMask mask) {
        if (!mask.grid().equals(spec.grid()) || mask.batchSize() != spec.batchSize()
                || mask.visibleCount() != spec.visibleCount()) {
            throw new IllegalArgumentException("Mask " + mask + " does not fit a graph built for " + spec.batchSize()
                    + " clips of grid " + spec.grid() + " with " + spec.visibleCount() + " visible tokens");
        }
    }

    /**
     * Returns the placeholder values that the sampler's {@link VideoMaeNames#TOKEN_PROBABILITIES},
     * the {@link VideoMaeNames#TOKENS} and the {@link VideoMaeNames#TARGET} need: the clip's
     * tubelets alone, as no mask exists yet.
     */
    public Map<String, INDArray> clipInputs(INDArray clip) {
        checkClip(clip);
        return Map.of(VideoMaeNames.TUBELETS, Tubelets.rows(clip, spec.model()));
    }

    private void checkClip(INDArray clip) {
        ModelSettings model = spec.model();
        long[] expected = {spec.batchSize(), ModelSettings.CHANNELS, model.clipFrames(), model.clipHeight(),
                model.clipWidth()};
        if (clip.dataType() != DataType.FLOAT || !Arrays.equals(clip.shape(), expected)) {
            throw new IllegalArgumentException("The graph takes FLOAT clips of shape " + Arrays.toString(expected)
                    + ", got " + clip.dataType() + " " + Arrays.toString(clip.shape()));
        }
    }
}
