package dev.adamae.engine.model;

import static dev.adamae.engine.model.VideoMaeNames.ENCODER_OUTPUT;
import static dev.adamae.engine.model.VideoMaeNames.HIDDEN_INDICATOR;
import static dev.adamae.engine.model.VideoMaeNames.HIDDEN_SELECT;
import static dev.adamae.engine.model.VideoMaeNames.HIDDEN_TARGET;
import static dev.adamae.engine.model.VideoMaeNames.HIDDEN_TUBELETS;
import static dev.adamae.engine.model.VideoMaeNames.LOSS_RECONSTRUCTION;
import static dev.adamae.engine.model.VideoMaeNames.MASK_TOKEN;
import static dev.adamae.engine.model.VideoMaeNames.LOSS_STRATEGY;
import static dev.adamae.engine.model.VideoMaeNames.LOSS_TOTAL;
import static dev.adamae.engine.model.VideoMaeNames.PREDICTION;
import static dev.adamae.engine.model.VideoMaeNames.SAMPLER_SCOPE;
import static dev.adamae.engine.model.VideoMaeNames.TARGET;
import static dev.adamae.engine.model.VideoMaeNames.TOKENS;
import static dev.adamae.engine.model.VideoMaeNames.TOKEN_ERRORS;
import static dev.adamae.engine.model.VideoMaeNames.TOKEN_ERROR_MAP;
import static dev.adamae.engine.model.VideoMaeNames.TOKEN_PROBABILITIES;
import static dev.adamae.engine.model.VideoMaeNames.TUBELETS;
import static dev.adamae.engine.model.VideoMaeNames.VISIBLE_SELECT;
import static dev.adamae.engine.model.VideoMaeNames.VISIBLE_TOKENS;
import static dev.adamae.engine.model.VideoMaeNames.VISIBLE_TUBELETS;

import dev.adamae.api.LearnedSampler;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.SamplerLossInputs;
import dev.adamae.engine.ModelSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * Builds the video MAE's graph, one part after another, for {@link VideoMaeGraph#build}.
 *
 * <p>Variables are created in a fixed order (tokenizer, encoder, decoder, then the sampler), so
 * one seed gives the same model weights whether or not a sampler is attached.
 */
final class VideoMaeGraphBuilder {

    private final VideoMaeGraphSpec spec;
    private final ModelSettings model;
    private final SameDiff sd = SameDiff.create();
    private final ModelParameters parameters;
    private final int batch;
    private final int tokens;
    private final int visible;
    /** The hidden tokens the decoder reconstructs, R (all M of them without a decoder mask). */
    private final int hidden;

    private SDVariable visibleSelect;
    private SDVariable hiddenSelect;
    private TubeletEmbedding tokenizer;

    VideoMaeGraphBuilder(VideoMaeGraphSpec spec, boolean values) {
        this.spec = spec;
        this.parameters = values ? new ModelParameters(sd, new SplittableRandom(spec.seed()))
                : ModelParameters.shapesOnly(sd, new SplittableRandom(spec.seed()));
        this.model = spec.model();
        this.batch = spec.batchSize();
        this.tokens = spec.tokenCount();
        this.visible = spec.visibleCount();
        this.hidden = spec.decodedCount();
    }

    VideoMaeGraph build(LearnedSampler sampler) {
        int values = model.tokenValues();
        SDVariable tubelets = sd.placeHolder(TUBELETS, DataType.FLOAT, (long) batch * tokens, values);
        SDVariable visibleTubelets = sd.placeHolder(VISIBLE_TUBELETS, DataType.FLOAT, (long) batch * visible, values);
        SDVariable hiddenTubelets = sd.placeHolder(HIDDEN_TUBELETS, DataType.FLOAT, (long) batch * hidden, values);
        visibleSelect = sd.placeHolder(VISIBLE_SELECT, DataType.FLOAT, batch, visible, tokens);
        hiddenSelect = sd.placeHolder(HIDDEN_SELECT, DataType.FLOAT, batch, hidden, tokens);

        tokenizer = TubeletEmbedding.create(parameters, model);
        // Every token's embedding, for a learned sampler (and to look at); the encoder embeds its
        // visible tubelets alone, the same rows of the same product.
        SDVariable tokenEmbeddings = sd.reshape(TOKENS, tokenizer.embed(tubelets), batch, tokens,
                model.encoder().width());
        SDVariable encoded = encoder(visibleTubelets);
        SDVariable prediction = decoder(encoded);
        ReconstructionTarget.build(sd, TARGET, tubelets, spec, tokens);
        SDVariable hiddenTarget = ReconstructionTarget.build(sd, HIDDEN_TARGET, hiddenTubelets, spec, hidden);
        SDVariable tokenErrors = tokenErrors(prediction, hiddenTarget);
        SDVariable reconstructionLoss = sd.mean(LOSS_RECONSTRUCTION, tokenErrors);
        SDVariable errorMap = errorMap(tokenErrors);
        SDVariable hiddenIndicator = sd.sum(HIDDEN_INDICATOR, hiddenSelect, 1);

        Set<String> withoutWeightDecay = new LinkedHashSet<>(parameters.withoutWeightDecay());
        SDVariable totalLoss;
        if (sampler == null) {
            totalLoss = sd.identity(LOSS_TOTAL, reconstructionLoss);
        } else {
            SamplerGraph samplerGraph = attachSampler(sampler, tokenEmbeddings);
            withoutWeightDecay.addAll(samplerGraph.withoutWeightDecay());
            SDVariable strategyLoss = sd.identity(LOSS_STRATEGY, sampler.loss(new SamplerLossInputs(
                    sd, samplerGraph, errorMap, hiddenIndicator, batch, hidden, SAMPLER_SCOPE)));
            totalLoss = reconstructionLoss.add(LOSS_TOTAL, strategyLoss.mul(sampler.lossWeight()));
        }
        sd.setLossVariables(totalLoss);
        return new VideoMaeGraph(spec, sd, trainableVariables(), withoutWeightDecay, sampler != null);
    }

    /** The encoder on the visible tokens' embeddings plus their position codes, {@code [B * V, D]}. */
    private SDVariable encoder(SDVariable visibleTubelets) {
        int width = model.encoder().width();
        SDVariable codes = sd.constant("encoder/position_codes", PositionCodes.sinusoid(tokens, width));
        SDVariable visibleCodes = sd.mmul(sd.reshape(visibleSelect, (long) batch * visible, tokens), codes);
        SDVariable rows = tokenizer.embed(visibleTubelets).add(visibleCodes);
        sd.reshape(VISIBLE_TOKENS, rows, batch, visible, width);
        SDVariable encoded = new TransformerStack(parameters, "encoder/", model.encoder(), batch, visible).apply(rows);
        sd.reshape(ENCODER_OUTPUT, encoded, batch, visible, width);
        return encoded;
    }

    /**
     * The decoder on {@code [visible tokens ; mask tokens]}: each with its own position code, so
     * the order of the tokens does not matter and no un-shuffle is needed. There is one mask token
     * per decoded hidden token: all hidden tokens, or the R a decoder mask chose.
     */
    private SDVariable decoder(SDVariable encodedRows) {
        int encoderWidth = model.encoder().width();
        int width = model.decoder().width();
        SDVariable codes = sd.constant("decoder/position_codes", PositionCodes.sinusoid(tokens, width));
        SDVariable projected = Layers.linear(parameters, "encoder_to_decoder", encodedRows, encoderWidth, width, false);
        SDVariable visibleCodes = sd.mmul(sd.reshape(visibleSelect, (long) batch * visible, tokens), codes);
        SDVariable maskToken = parameters.learnedToken(MASK_TOKEN, width);
        SDVariable hiddenCodes = sd.mmul(sd.reshape(hiddenSelect, (long) batch * hidden, tokens), codes);
        SDVariable input = sd.concat(1,
                sd.reshape(projected.add(visibleCodes), batch, visible, width),
                sd.reshape(hiddenCodes.add(maskToken), batch, hidden, width));
        int length = visible + hidden;
        SDVariable decoded = new TransformerStack(parameters, "decoder/", model.decoder(), batch, length)
                .apply(sd.reshape(input, (long) batch * length, width));
        SDVariable hiddenRows = sd.reshape(
                sd.stridedSlice(sd.reshape(decoded, batch, length, width),
                        new long[] {0, visible, 0}, new long[] {batch, length, width}, new long[] {1, 1, 1}),
                (long) batch * hidden, width);
        SDVariable values = Layers.linear(parameters, "decoder/head", hiddenRows, width, model.tokenValues(), true);
        return sd.reshape(PREDICTION, values, batch, hidden, model.tokenValues());
    }

    /** Each decoded hidden token's error against its target ({@code [B, R, K]}), {@code [B, R]}. */
    private SDVariable tokenErrors(SDVariable prediction, SDVariable target) {
        SDVariable difference = prediction.sub(target);
        SDVariable perValue = spec.lossType().absoluteError() ? sd.math.abs(difference) : sd.math.square(difference);
        return sd.mean(TOKEN_ERRORS, perValue, 2);
    }

    /**
     * Scatters the decoded tokens' errors onto the grid (0 where visible, and 0 on hidden tokens a
     * decoder mask left out) and cuts them from the gradient.
     */
    private SDVariable errorMap(SDVariable tokenErrors) {
        SDVariable scattered = sd.mmul(hiddenSelect, sd.reshape(tokenErrors, batch, hidden, 1), true, false, false);
        return new StopGradient(sd, sd.reshape(scattered, batch, tokens)).outputVariable().rename(TOKEN_ERROR_MAP);
    }

    private SamplerGraph attachSampler(LearnedSampler sampler, SDVariable tokenEmbeddings) {
        Set<String> before = Set.copyOf(trainableVariables());
        SamplerGraph samplerGraph = sampler.build(new SamplerGraphInputs(sd, tokenEmbeddings, spec.grid(), batch,
                model.encoder().width(), model.samplerHeads(), SAMPLER_SCOPE, parameters.random()));
        // The scope is how optimisers, checkpoints and tests tell the sampler's variables apart.
        List<String> outsideScope = trainableVariables().stream()
                .filter(name -> !before.contains(name) && !name.startsWith(SAMPLER_SCOPE))
                .toList();
        if (!outsideScope.isEmpty()) {
            throw new IllegalStateException("The learned sampler added variables " + outsideScope
                    + " outside its scope '" + SAMPLER_SCOPE + "'");
        }
        sd.identity(TOKEN_PROBABILITIES, samplerGraph.probabilities());
        return samplerGraph;
    }

    /** Returns the shapes of every trainable variable of the graph built, by name, for a build without values. */
    java.util.Map<String, long[]> parameterShapes(List<String> trainable) {
        return parameters.shapes(trainable);
    }

    /** Returns the trainable variables' names; SameDiff keeps them sorted by name. */
    private List<String> trainableVariables() {
        return sd.variables().stream()
                .filter(variable -> variable.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name)
                .toList();
    }
}
