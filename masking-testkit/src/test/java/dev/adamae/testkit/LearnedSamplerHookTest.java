package dev.adamae.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.LearnedSampler;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerGraphInputs;
import dev.adamae.api.SamplerLossInputs;
import dev.adamae.api.Settings;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learned-sampler hook of the SPI, driven the way the engine drives it: the strategy adds
 * its variables to a SameDiff graph, the host draws masks from its probabilities, hands it
 * per-token errors cut from the gradient, and trains on the weighted loss term.
 */
class LearnedSamplerHookTest {

    private static final TokenGrid GRID = new TokenGrid(1, 2, 4);
    private static final int BATCH = 2;
    private static final int WIDTH = 6;
    private static final String SCOPE = "masking/";
    private static final double LEARNING_RATE = 2.0;

    private final MaskingStrategy strategy = new FakeLearnedStrategyFactory().create(
            Settings.ofStrategy(ConfigFactory.defaultReference(), FakeLearnedStrategyFactory.NAME));
    private final LearnedSampler sampler = strategy.learnedSampler().orElseThrow();

    /** The graph the host builds around the strategy: tokens variable, sampler, errors and its loss. */
    private final class HostGraph {
        final SameDiff sd = SameDiff.create();
        final SDVariable tokens;
        final SamplerGraph samplerGraph;
        final SDVariable weightedLoss;

        HostGraph() {
            Nd4j.getRandom().setSeed(3);
            tokens = sd.var("tokenizer/out", Nd4j.randn(DataType.FLOAT, BATCH, GRID.tokenCount(), WIDTH));
            samplerGraph = sampler.build(new SamplerGraphInputs(sd, tokens, GRID, BATCH, WIDTH, 2, SCOPE,
                    new SplittableRandom(3)));
            SDVariable errors = sd.placeHolder("errors", DataType.FLOAT, BATCH, GRID.tokenCount());
            SDVariable hidden = sd.placeHolder("hidden", DataType.FLOAT, BATCH, GRID.tokenCount());
            SDVariable cutErrors = new StopGradient(sd, errors).outputVariable();
            SDVariable loss = sampler.loss(new SamplerLossInputs(sd, samplerGraph, cutErrors, hidden, BATCH,
                    GRID.tokenCount() - strategy.visibleCount(GRID, 0.75), SCOPE));
            weightedLoss = loss.mul("total", sampler.lossWeight());
            sd.setLossVariables(weightedLoss);
        }

        INDArray probabilities() {
            return sd.output(Map.of(), samplerGraph.probabilities().name()).get(samplerGraph.probabilities().name());
        }
    }

    @Test
    void theSamplerAddsItsVariablesUnderItsScopeAndOutputsADistributionPerClip() {
        HostGraph host = new HostGraph();
        assertThat(host.sd.getVariable(SCOPE + FakeLearnedStrategyFactory.FakeLearnedStrategy.SCORE_WEIGHTS))
                .isNotNull();
        INDArray p = host.probabilities();
        assertThat(p.shape()).containsExactly(BATCH, GRID.tokenCount());
        for (int clip = 0; clip < BATCH; clip++) {
            assertThat(p.getRow(clip).sumNumber().doubleValue()).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void masksAreDrawnFromTheSamplersProbabilities() {
        HostGraph host = new HostGraph();
        TokenProbabilities probabilities = TokenProbabilities.of(GRID, host.probabilities());
        TokenMask mask = strategy.sample(new MaskRequest(GRID, 0.75, BATCH, new SplittableRandom(1), probabilities));
        assertThat(mask.visibleCount()).isEqualTo(2);
        assertThat(mask.batchSize()).isEqualTo(BATCH);
    }

    @Test
    void theLossTermTrainsTheSamplerAndReachesTheTokensButNotTheErrors() {
        HostGraph host = new HostGraph();
        Map<String, INDArray> inputs = Map.of(
                "errors", Nd4j.rand(DataType.FLOAT, BATCH, GRID.tokenCount()),
                "hidden", Nd4j.ones(DataType.FLOAT, BATCH, GRID.tokenCount()));
        String weights = SCOPE + FakeLearnedStrategyFactory.FakeLearnedStrategy.SCORE_WEIGHTS;
        Map<String, INDArray> gradients = host.sd.calculateGradients(inputs, weights, "tokenizer/out");
        assertThat(gradients.get(weights).norm2Number().doubleValue()).isGreaterThan(0);
        assertThat(gradients.get("tokenizer/out").norm2Number().doubleValue()).isGreaterThan(0);
    }

    @Test
    void trainingOnTheLossTermRaisesTheProbabilityOfTokensThatAreHardToReconstruct() {
        HostGraph host = new HostGraph();
        // Tokens 1 and 6 are hard to reconstruct; the rest are nearly free.
        INDArray errors = Nd4j.valueArrayOf(new long[] {BATCH, GRID.tokenCount()}, 0.01f);
        errors.putScalar(new int[] {0, 1}, 5f).putScalar(new int[] {1, 1}, 5f);
        errors.putScalar(new int[] {0, 6}, 5f).putScalar(new int[] {1, 6}, 5f);
        double before = meanProbability(host.probabilities(), 1, 6);

        String weights = SCOPE + FakeLearnedStrategyFactory.FakeLearnedStrategy.SCORE_WEIGHTS;
        SplittableRandom random = new SplittableRandom(5);
        for (int step = 0; step < 40; step++) {
            TokenProbabilities p = TokenProbabilities.of(GRID, host.probabilities());
            TokenMask mask = strategy.sample(new MaskRequest(GRID, 0.75, BATCH, random, p));
            INDArray hidden = Nd4j.ones(DataType.FLOAT, BATCH, GRID.tokenCount());
            for (int clip = 0; clip < BATCH; clip++) {
                for (int token : mask.visible(clip)) {
                    hidden.putScalar(new int[] {clip, token}, 0f);
                }
            }
            INDArray gradient = host.sd.calculateGradients(Map.of("errors", errors, "hidden", hidden), weights)
                    .get(weights);
            host.sd.getVariable(weights).getArr().subi(gradient.mul(LEARNING_RATE));
        }
        double after = meanProbability(host.probabilities(), 1, 6);
        assertThat(after).as("mean probability of the hard tokens, was %s", before).isGreaterThan(before * 1.5);
    }

    private static double meanProbability(INDArray p, int... tokens) {
        double sum = 0;
        for (int clip = 0; clip < p.rows(); clip++) {
            for (int token : tokens) {
                sum += p.getDouble(clip, token);
            }
        }
        return sum / (p.rows() * tokens.length);
    }
}
