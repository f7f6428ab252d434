package dev.adamae.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.Initializers;
import dev.adamae.api.LearnedSampler;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.SamplerLossInputs;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of a strategy with a learned sampler: everything {@link MaskingStrategyContractTest}
 * checks, plus the sampler's network, built into a small SameDiff graph the way the engine builds
 * it into the model's.
 *
 * <p>The host graph: a placeholder of tubelet rows, a host variable {@code tokenizer/weight} that
 * embeds them into the tokens the sampler is built on ({@code [batch, tokens, width]}, not cut
 * from the gradient, as the engine hands them), a host variable {@code decoder/weight} whose
 * output gives each token's reconstruction error, cut from the gradient and zero where visible,
 * and a placeholder of the hidden-token indicator. The sampler's scope is {@value #SCOPE}. The
 * checks then run the graph with a mask the strategy draws from its own probabilities.
 *
 * <p>The backend these checks need (ND4J's CPU backend) comes with the kit.
 */
public abstract class LearnedSamplerContractTest extends MaskingStrategyContractTest {

    /** The scope the host gives the sampler, as the engine does. */
    protected static final String SCOPE = "masking/";

    private static final String TUBELETS = "tubelets";
    private static final String HIDDEN = "hidden";
    private static final String TOKENIZER = "tokenizer/weight";
    private static final String DECODER = "decoder/weight";
    private static final int TUBELET_VALUES = 12;
    private static final long GRAPH_SEED = 17;

    /** Returns the grid the sampler is built for; small, so that the checks stay quick. */
    protected TokenGrid samplerGrid() {
        return new TokenGrid(2, 4, 4);
    }

    /** Returns the clips of the host graph's batch. */
    protected int samplerBatch() {
        return 2;
    }

    /** Returns the tokens' width, {@link SamplerGraphInputs#width()}. */
    protected int samplerWidth() {
        return 16;
    }

    /** Returns the attention heads the host offers, {@link SamplerGraphInputs#heads()}; divides the width. */
    protected int samplerHeads() {
        return 2;
    }

    /** The graph the engine would build around the sampler, reduced to what the sampler touches. */
    private final class HostGraph {

        final SameDiff sd = SameDiff.create();
        final LearnedSampler sampler;
        final TokenGrid grid = samplerGrid();
        final int batch = samplerBatch();
        final int hiddenCount;
        final Set<String> hostVariables;
        final Set<String> hostNames;
        final SamplerGraph samplerGraph;
        final SDVariable loss;
        final INDArray tubelets;

        HostGraph(long samplerSeed) {
            MaskingStrategy strategy = strategy();
            sampler = strategy.learnedSampler().orElseThrow(() -> new AssertionError(
                    "LearnedSamplerContractTest checks a strategy with a learned sampler; "
                            + factory().name() + "'s learnedSampler() is empty: extend MaskingStrategyContractTest"));
            hiddenCount = grid.tokenCount() - strategy.visibleCount(grid, strategy.defaultRatio());
            int tokens = grid.tokenCount();
            int width = samplerWidth();
            SplittableRandom hostRandom = new SplittableRandom(5);
            SDVariable input = sd.placeHolder(TUBELETS, DataType.FLOAT, (long) batch * tokens, TUBELET_VALUES);
            SDVariable tokenizer = sd.var(TOKENIZER, Initializers.uniform(hostRandom, 0.5, TUBELET_VALUES, width));
            SDVariable decoder = sd.var(DECODER, Initializers.uniform(hostRandom, 0.5, TUBELET_VALUES, TUBELET_VALUES));
            SDVariable embeddings = sd.reshape("tokens", input.mmul(tokenizer), batch, tokens, width);
            SDVariable hidden = sd.placeHolder(HIDDEN, DataType.FLOAT, batch, tokens);
            SDVariable perToken = sd.mean(sd.math.square(input.mmul(decoder).sub(input)), 1);
            SDVariable errors = new StopGradient(sd, sd.reshape(perToken, batch, tokens).mul(hidden)).outputVariable();
            hostVariables = Set.copyOf(namesOf(VariableType.VARIABLE));
            hostNames = Set.copyOf(namesOf(null));

            samplerGraph = sampler.build(new SamplerGraphInputs(sd, embeddings, grid, batch, width, samplerHeads(),
                    SCOPE, new SplittableRandom(samplerSeed)));
            loss = sampler.loss(new SamplerLossInputs(sd, samplerGraph, errors, hidden, batch, hiddenCount, SCOPE));
            sd.setLossVariables(loss);
            tubelets = Initializers.uniform(new SplittableRandom(7), 1.0, (long) batch * tokens, TUBELET_VALUES);
        }

        List<String> namesOf(VariableType type) {
            return sd.variables().stream()
                    .filter(variable -> type == null || variable.getVariableType() == type)
                    .map(SDVariable::name)
                    .toList();
        }

        List<String> samplerVariables() {
            return namesOf(VariableType.VARIABLE).stream().filter(name -> !hostVariables.contains(name)).toList();
        }

        INDArray probabilities() {
            Nd4j.getRandom().setSeed(GRAPH_SEED);
            String name = samplerGraph.probabilities().name();
            return sd.output(Map.of(TUBELETS, tubelets), name).get(name);
        }

        /** Returns the hidden-token indicator of a mask the strategy draws from the sampler's probabilities. */
        INDArray hiddenIndicator() {
            MaskingStrategy strategy = strategy();
            TokenMask mask = strategy.sample(new MaskRequest(grid, strategy.defaultRatio(), batch,
                    new SplittableRandom(3), TokenProbabilities.of(grid, probabilities())));
            INDArray indicator = Nd4j.ones(DataType.FLOAT, batch, grid.tokenCount());
            for (int clip = 0; clip < batch; clip++) {
                for (int token : mask.visible(clip)) {
                    indicator.putScalar(new int[] {clip, token}, 0f);
                }
            }
            return indicator;
        }

        Map<String, INDArray> placeholders() {
            return Map.of(TUBELETS, tubelets, HIDDEN, hiddenIndicator());
        }
    }

    @Test
    void theSamplersProbabilitiesAreOneFiniteDistributionOverTheTokensPerClip() {
        HostGraph host = new HostGraph(1);
        INDArray p = host.probabilities();
        assertThat(p.shape()).as("shape of the probabilities: [batch, tokens]")
                .containsExactly(host.batch, host.grid.tokenCount());
        for (int clip = 0; clip < host.batch; clip++) {
            double sum = 0;
            for (int token = 0; token < host.grid.tokenCount(); token++) {
                double value = p.getDouble(clip, token);
                assertThat(value).as("probability of clip %d, token %d", clip, token).isFinite().isBetween(0.0, 1.0);
                sum += value;
            }
            assertThat(sum).as("sum of clip %d's probabilities", clip).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void everyVariableTheSamplerAddsIsNamedWithinItsScope() {
        HostGraph host = new HostGraph(1);
        List<String> added = host.namesOf(null).stream()
                .filter(name -> !host.hostNames.contains(name))
                .toList();
        List<String> outside = new ArrayList<>();
        for (String name : added) {
            VariableType type = host.sd.getVariable(name).getVariableType();
            if ((type == VariableType.VARIABLE || type == VariableType.PLACEHOLDER) && !name.startsWith(SCOPE)) {
                outside.add(name + " (" + type + ")");
            }
        }
        assertThat(outside).as("trainable variables and placeholders the sampler added outside its scope '%s' "
                + "(the engine refuses them; and it never feeds a placeholder of the sampler's)", SCOPE).isEmpty();
        assertThat(host.samplerVariables()).as("the sampler's trainable variables").isNotEmpty();
        assertThat(host.samplerGraph.withoutWeightDecay())
                .as("variables the sampler names as taking no weight decay must be its own trainable variables")
                .isSubsetOf(host.samplerVariables());
        for (String name : host.samplerVariables()) {
            assertThat(host.sd.getVariable(name).dataType()).as("data type of %s", name).isEqualTo(DataType.FLOAT);
        }
    }

    @Test
    void theSameSeedGivesTheSameSampler() {
        HostGraph first = new HostGraph(1);
        HostGraph second = new HostGraph(1);
        assertThat(second.samplerVariables()).isEqualTo(first.samplerVariables());
        for (String name : first.samplerVariables()) {
            assertThat(second.sd.getArrForVarName(name))
                    .as("initial value of %s: draw it from SamplerGraphInputs.random()", name)
                    .isEqualTo(first.sd.getArrForVarName(name));
        }
        assertThat(second.probabilities()).as("probabilities of two samplers of one seed")
                .isEqualTo(first.probabilities());
    }

    @Test
    void theVariableShapesTheSamplerListsAreThoseItBuilds() {
        HostGraph host = new HostGraph(1);
        Optional<Map<String, long[]>> listed = host.sampler.variableShapes(host.grid, samplerWidth(), samplerHeads(),
                SCOPE);
        if (listed.isEmpty()) {
            return; // Optional: the host then learns them by building the graph.
        }
        Map<String, String> built = new TreeMap<>();
        host.samplerVariables().forEach(name -> built.put(name, Arrays.toString(host.sd.getArrForVarName(name).shape())));
        Map<String, String> declared = new TreeMap<>();
        listed.get().forEach((name, shape) -> declared.put(name, Arrays.toString(shape)));
        assertThat(declared).as("variableShapes(...) against the variables build(...) creates with the same grid, "
                + "width, heads and scope (names with the scope, shapes as created)").isEqualTo(built);
    }

    @Test
    void theLossIsAFiniteScalar() {
        HostGraph host = new HostGraph(1);
        Nd4j.getRandom().setSeed(GRAPH_SEED);
        String name = host.loss.name();
        INDArray value = host.sd.output(host.placeholders(), name).get(name);
        assertThat(value.length()).as("values of the loss term (shape %s): it must be a scalar",
                java.util.Arrays.toString(value.shape())).isEqualTo(1);
        assertThat(value.getDouble(0)).as("the loss term").isFinite();
        assertThat(host.sampler.lossWeight()).as("the loss term's weight").isFinite().isNotNegative();
    }

    @Test
    void theLossGradientReachesEverySamplerVariableAndNoHostVariableBeyondTheTokens() {
        HostGraph host = new HostGraph(1);
        Map<String, INDArray> placeholders = host.placeholders();
        List<String> wanted = new ArrayList<>(host.samplerVariables());
        wanted.add(DECODER);
        Map<String, INDArray> gradients = gradients(host.sd, placeholders, wanted);
        Map<String, String> withoutGradient = new LinkedHashMap<>();
        for (String name : host.samplerVariables()) {
            INDArray gradient = gradients.get(name);
            if (gradient == null) {
                withoutGradient.put(name, "none");
            } else {
                assertThat(gradient.isNaN().any() || gradient.isInfinite().any())
                        .as("gradient of %s has NaN or infinite values", name).isFalse();
                if (gradient.amaxNumber().doubleValue() == 0) {
                    withoutGradient.put(name, "zero everywhere");
                }
            }
        }
        assertThat(withoutGradient).as("sampler variables the loss term does not train").isEmpty();
        INDArray decoderGradient = gradients.get(DECODER);
        assertThat(decoderGradient == null || decoderGradient.amaxNumber().doubleValue() == 0)
                .as("the host's %s, which computes the errors the sampler is handed cut from the gradient, "
                        + "must get no gradient from the sampler's loss", DECODER)
                .isTrue();
    }

    /**
     * Returns the gradients of the graph's loss for {@code names}; a variable the loss does not
     * depend on is left out.
     */
    private static Map<String, INDArray> gradients(SameDiff sd, Map<String, INDArray> placeholders,
            List<String> names) {
        Map<String, INDArray> result = new HashMap<>();
        for (String name : names) {
            try {
                Nd4j.getRandom().setSeed(GRAPH_SEED);
                INDArray gradient = sd.calculateGradients(placeholders, name).get(name);
                if (gradient != null) {
                    result.put(name, gradient);
                }
            } catch (IllegalStateException e) {
                // SameDiff (1.0.0-M2.1) has no gradient function, hence "no outputs", for a
                // variable the loss does not depend on.
            }
        }
        return result;
    }
}
