package dev.adamae.masking.adaptive;

import dev.adamae.api.Initializers;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.SamplerLossInputs;
import dev.adamae.api.TokenGrid;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tiny graph built around the sampler as the engine builds one: trainable tokens of 2 clips x
 * 8 tokens x width 8, the sampler (2 heads), and its loss on placeholder errors and hidden-token
 * indicators; the loss is the graph's loss variable.
 */
final class SamplerHost {

    static final TokenGrid GRID = new TokenGrid(1, 2, 4);
    static final int BATCH = 2;
    static final int WIDTH = 8;
    static final int HEADS = 2;
    static final double RATIO = 0.75;
    static final int HIDDEN_COUNT = 6;
    static final String SCOPE = "masking/";
    static final String TOKENS = "tokens";
    static final String ERRORS = "errors";
    static final String HIDDEN = "hidden";

    final SameDiff sd = SameDiff.create();
    final SamplerGraph samplerGraph;
    final SDVariable loss;

    /** Builds the graph; the tokens are the same for every seed, the sampler's weights are drawn from {@code seed}. */
    SamplerHost(AdaptiveTokenSampler sampler, long seed) {
        SDVariable tokens = sd.var(TOKENS,
                Initializers.uniform(new SplittableRandom(99), 1.0, BATCH, GRID.tokenCount(), WIDTH));
        samplerGraph = sampler.build(new SamplerGraphInputs(sd, tokens, GRID, BATCH, WIDTH, HEADS, SCOPE,
                new SplittableRandom(seed)));
        SDVariable errors = sd.placeHolder(ERRORS, DataType.FLOAT, BATCH, GRID.tokenCount());
        SDVariable hidden = sd.placeHolder(HIDDEN, DataType.FLOAT, BATCH, GRID.tokenCount());
        loss = sampler.loss(new SamplerLossInputs(sd, samplerGraph, errors, hidden, BATCH, HIDDEN_COUNT, SCOPE));
        sd.setLossVariables(loss);
    }

    /** Returns the probabilities, {@code [BATCH, N]}. */
    INDArray probabilities() {
        String name = samplerGraph.probabilities().name();
        return sd.output(Map.of(), name).get(name);
    }

    /** Returns the output {@code name} of the graph. */
    INDArray output(String name) {
        return sd.output(Map.of(), name).get(name);
    }

    /** Returns the names of the trainable variables the sampler added. */
    List<String> samplerVariables() {
        return trainableVariables().stream().filter(name -> !name.equals(TOKENS)).toList();
    }

    /** Returns the names of all trainable variables of the graph. */
    List<String> trainableVariables() {
        return sd.variables().stream()
                .filter(variable -> variable.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name)
                .toList();
    }

    /** Returns the value of variable {@code localName} of the sampler. */
    INDArray variable(String localName) {
        return sd.getArrForVarName(SCOPE + localName);
    }

    /** Returns the number of trainable values of the sampler. */
    long samplerParameterCount() {
        return samplerVariables().stream().mapToLong(name -> sd.getArrForVarName(name).length()).sum();
    }
}
