package dev.adamae.masking.adaptive;

import static dev.adamae.masking.adaptive.SamplerHost.BATCH;
import static dev.adamae.masking.adaptive.SamplerHost.GRID;
import static dev.adamae.masking.adaptive.SamplerHost.SCOPE;
import static dev.adamae.masking.adaptive.SamplerHost.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.MaskRequest;
import dev.adamae.api.SamplerGraph;
import dev.adamae.api.SamplerLossInputs;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The sampler network and its loss term, in a tiny graph of their own. */
class AdaptiveTokenSamplerTest {

    private static final int TOKENS = GRID.tokenCount();

    private static AdaptiveMaskingStrategy strategy(String hocon) {
        return Strategies.adaptive(hocon);
    }

    private static SamplerHost host(String hocon, long seed) {
        return new SamplerHost(strategy(hocon).sampler(), seed);
    }

    @Test
    void bothSamplersGiveEachClipADistributionOverItsTokens() {
        for (String sampler : List.of("attention", "mlp")) {
            INDArray p = host("sampler = " + sampler, 1).probabilities();

            assertThat(p.shape()).containsExactly(BATCH, TOKENS);
            assertThat(p.dataType()).isEqualTo(DataType.FLOAT);
            assertThat(p.minNumber().doubleValue()).as(sampler).isPositive();
            for (int clip = 0; clip < BATCH; clip++) {
                assertThat(p.getRow(clip).sumNumber().doubleValue()).as(sampler).isCloseTo(1.0, within(1e-5));
            }
            assertThat(p.maxNumber().doubleValue()).as("%s: the tokens differ", sampler)
                    .isGreaterThan(p.minNumber().doubleValue());
        }
    }

    @Test
    void theAttentionSamplerHasTheReferenceBlocksVariablesWithoutQkvBias() {
        SamplerHost host = host("", 1);
        int mlp = 4 * WIDTH;
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        expected.put(AdaptiveTokenSampler.POSITION_EMBEDDING, List.of((long) TOKENS, (long) WIDTH));
        expected.put("block/norm1/gain", List.of((long) WIDTH));
        expected.put("block/norm1/bias", List.of((long) WIDTH));
        expected.put("block/attention/qkv/weight", List.of((long) WIDTH, 3L * WIDTH));
        expected.put("block/attention/projection/weight", List.of((long) WIDTH, (long) WIDTH));
        expected.put("block/attention/projection/bias", List.of((long) WIDTH));
        expected.put("block/norm2/gain", List.of((long) WIDTH));
        expected.put("block/norm2/bias", List.of((long) WIDTH));
        expected.put("block/mlp/fc1/weight", List.of((long) WIDTH, (long) mlp));
        expected.put("block/mlp/fc1/bias", List.of((long) mlp));
        expected.put("block/mlp/fc2/weight", List.of((long) mlp, (long) WIDTH));
        expected.put("block/mlp/fc2/bias", List.of((long) WIDTH));
        expected.put("head/weight", List.of((long) WIDTH, 1L));
        expected.put("head/bias", List.of(1L));

        Map<String, List<Long>> actual = new LinkedHashMap<>();
        for (String name : host.samplerVariables()) {
            assertThat(name).startsWith(SCOPE);
            INDArray value = host.sd.getArrForVarName(name);
            assertThat(value.dataType()).as(name).isEqualTo(DataType.FLOAT);
            actual.put(name.substring(SCOPE.length()), Arrays.stream(value.shape()).boxed().toList());
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void theMlpSamplerHasNoAttentionAndFewerParameters() {
        SamplerHost attention = host("sampler = attention", 1);
        SamplerHost mlp = host("sampler = mlp", 1);

        assertThat(mlp.samplerVariables()).noneMatch(name -> name.contains("attention") || name.contains("norm1"));
        assertThat(mlp.samplerVariables()).contains(SCOPE + "block/mlp/fc1/weight", SCOPE + "head/weight");
        long attentionParameters = 4L * WIDTH * WIDTH + 3 * WIDTH;
        assertThat(mlp.samplerParameterCount()).isLessThan(attention.samplerParameterCount())
                .isEqualTo(attention.samplerParameterCount() - attentionParameters);
    }

    @Test
    void exactlyTheBiasesNormsAndPositionEmbeddingAreExemptFromWeightDecay() {
        for (String sampler : List.of("attention", "mlp")) {
            SamplerHost host = host("sampler = " + sampler, 1);
            Set<String> undecayed = host.samplerGraph.withoutWeightDecay();

            assertThat(host.samplerVariables()).containsAll(undecayed);
            assertThat(undecayed).contains(SCOPE + AdaptiveTokenSampler.POSITION_EMBEDDING);
            for (String name : host.samplerVariables()) {
                boolean shouldBeUndecayed = name.endsWith("/bias") || name.endsWith("/gain")
                        || name.equals(SCOPE + AdaptiveTokenSampler.POSITION_EMBEDDING);
                assertThat(undecayed.contains(name)).as("%s: %s undecayed", sampler, name)
                        .isEqualTo(shouldBeUndecayed);
            }
        }
    }

    @Test
    void thePositionEmbeddingStartsAtZeroAndTheBiasesAtZeroAndTheGainsAtOne() {
        SamplerHost host = host("", 1);

        for (String name : host.samplerVariables()) {
            INDArray value = host.sd.getArrForVarName(name);
            if (name.endsWith("/gain")) {
                assertThat(value.minNumber().doubleValue()).as(name).isEqualTo(1.0);
                assertThat(value.maxNumber().doubleValue()).as(name).isEqualTo(1.0);
            } else if (name.endsWith("/bias") || name.endsWith(AdaptiveTokenSampler.POSITION_EMBEDDING)) {
                assertThat(value.amaxNumber().doubleValue()).as(name).isZero();
            } else {
                // Xavier-uniform: within the bound, and not all zero.
                double bound = Math.sqrt(6.0 / (value.size(0) + value.size(1)));
                assertThat(value.amaxNumber().doubleValue()).as(name).isPositive().isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameSamplerAndAnotherSeedAnotherOne() {
        SamplerHost first = host("", 5);
        SamplerHost again = host("", 5);
        SamplerHost other = host("", 6);

        for (String name : first.samplerVariables()) {
            assertThat(again.sd.getArrForVarName(name)).as(name).isEqualTo(first.sd.getArrForVarName(name));
        }
        String qkv = SCOPE + SamplerNetwork.QKV + SamplerNetwork.WEIGHT;
        assertThat(other.sd.getArrForVarName(qkv)).isNotEqualTo(first.sd.getArrForVarName(qkv));
    }

    @Test
    void withTheSameGraphSeedDropoutDrawsTheSameMaskForTheProbabilitiesAndForTheGradients() {
        SamplerHost host = host("dropout = 0.5", 1);
        String p = host.samplerGraph.probabilities().name();
        Map<String, INDArray> placeholders = placeholders(new boolean[BATCH][TOKENS]);

        Nd4j.getRandom().setSeed(11);
        INDArray sampled = host.probabilities();
        Nd4j.getRandom().setSeed(11);
        INDArray again = host.probabilities();
        Nd4j.getRandom().setSeed(11);
        INDArray trained = host.sd.calculateGradientsAndOutputs(placeholders, List.of(p, host.loss.name()),
                host.samplerVariables()).getOutputs().get(p);
        Nd4j.getRandom().setSeed(12);
        INDArray otherSeed = host.probabilities();
        INDArray withoutDropout = host("dropout = 0", 1).probabilities();

        assertThat(again).isEqualTo(sampled);
        assertThat(trained).isEqualTo(sampled);
        assertThat(otherSeed).isNotEqualTo(sampled);
        assertThat(withoutDropout).isNotEqualTo(sampled);
    }

    @Test
    void withoutDropoutTheGraphDrawsNothingAndTheProbabilitiesDoNotDependOnTheSeed() {
        SamplerHost host = host("dropout = 0", 1);

        Nd4j.getRandom().setSeed(1);
        INDArray first = host.probabilities();
        Nd4j.getRandom().setSeed(2);
        INDArray second = host.probabilities();

        assertThat(second).isEqualTo(first);
        assertThat(host.sd.hasVariable(SCOPE + AdaptiveTokenSampler.DROPOUT_KEEP)).isFalse();
        assertThat(host("dropout = 0.1", 1).sd.hasVariable(SCOPE + AdaptiveTokenSampler.DROPOUT_KEEP)).isTrue();
    }

    @Test
    void dropoutZeroesTheConfiguredShareOfValuesAndScalesTheRestUp() {
        SameDiff sd = SameDiff.create();
        int rows = 200;
        SamplerDropout dropout = new SamplerDropout(sd, "keep", 0.3, rows, 100);
        SDVariable ones = sd.constant(Nd4j.ones(DataType.FLOAT, rows, 50));
        SDVariable first = dropout.apply(ones, 50);
        SDVariable second = dropout.apply(ones, 50);
        dropout.checkUsedUp();

        Nd4j.getRandom().setSeed(4);
        Map<String, INDArray> out = sd.output(Map.of(), first.name(), second.name());
        INDArray a = out.get(first.name());
        double dropped = a.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertThat(dropped).isCloseTo(0.3, within(0.02));
        assertThat(a.maxNumber().doubleValue()).isCloseTo(1 / 0.7, within(1e-6));
        assertThat(a.meanNumber().doubleValue()).isCloseTo(1.0, within(0.03));
        assertThat(out.get(second.name())).as("each site has its own mask").isNotEqualTo(a);
    }

    @Test
    void aNaNLogitIsReplacedByZeroBeforeTheSoftmax() {
        SamplerHost host = host("sampler = mlp, dropout = 0", 1);
        host.variable(AdaptiveTokenSampler.POSITION_EMBEDDING).getRow(3).assign(Float.NaN);

        INDArray logits = host.output(SCOPE + AdaptiveTokenSampler.LOGITS);
        INDArray p = host.probabilities();

        for (int clip = 0; clip < BATCH; clip++) {
            assertThat(logits.getDouble(clip, 3)).isNaN();
            assertThat(logits.getDouble(clip, 0)).isFinite();
            assertThat(p.getRow(clip).sumNumber().doubleValue()).isCloseTo(1.0, within(1e-5));
            assertThat(p.getDouble(clip, 3) / p.getDouble(clip, 0))
                    .isCloseTo(Math.exp(0 - logits.getDouble(clip, 0)), within(1e-4));
        }
        assertThat(TokenProbabilities.of(GRID, p).batchSize()).isEqualTo(BATCH);
    }

    @Test
    void aSamplerWhoseLogitsAreAllNaNGivesTheUniformDistribution() {
        SamplerHost host = host("", 1);
        host.variable(SamplerNetwork.HEAD + SamplerNetwork.WEIGHT).assign(Float.NaN);

        INDArray p = host.probabilities();

        assertThat(p.minNumber().doubleValue()).isCloseTo(1.0 / TOKENS, within(1e-6));
        assertThat(p.maxNumber().doubleValue()).isCloseTo(1.0 / TOKENS, within(1e-6));
    }

    @Test
    void theLossIsMinusTheMeanOverHiddenTokensAndClipsOfLogProbabilityTimesError() {
        float[][] p = {{0.1f, 0.2f, 0.3f, 0.4f}, {0.25f, 0.25f, 0.4f, 0.1f}};
        // Clip 0 hides tokens 1 and 3, clip 1 tokens 0 and 2; token 2 of clip 0 is visible with an
        // error, which the hidden-token indicator must keep out.
        float[][] errors = {{0f, 2f, 5f, 0.5f}, {1f, 0f, 3f, 0f}};
        float[][] hidden = {{0f, 1f, 0f, 1f}, {1f, 0f, 1f, 0f}};
        double expected = -(Math.log(0.2) * 2 + Math.log(0.4) * 0.5 + Math.log(0.25) * 1 + Math.log(0.4) * 3)
                / (2 * 2);

        assertThat(lossOf(p, errors, hidden)).isCloseTo(expected, within(1e-5));
        assertThat(expected).as("positive: it is minimised by raising the hidden tokens' log p").isPositive();
    }

    @Test
    void probabilitiesAreClampedToFloatEpsilonAsTheReferenceDoesSoTokensBelowItGetNoGradient() {
        double eps = Math.pow(2, -23);
        // Token 0 underflowed to 0, token 2 is below eps, tokens 1 and 3 share the rest.
        float[][] p = {{0f, 0.5f, 1e-9f, 0.5f}};
        float[][] errors = {{3f, 1f, 2f, 0f}};
        float[][] hidden = {{1f, 1f, 1f, 0f}};
        SameDiff sd = SameDiff.create();
        SDVariable probabilities = sd.var("p", Nd4j.createFromArray(p));
        SDVariable loss = lossVariable(sd, probabilities, errors, hidden);
        sd.setLossVariables(loss);

        double value = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
        INDArray gradient = sd.calculateGradients(Map.of(), "p").get("p");

        // -(3 log eps + 1 log 0.5 + 2 log eps) / 3: both small probabilities count as eps.
        assertThat(AdaptiveTokenSampler.LOG_CLAMP).isEqualTo(eps);
        assertThat(value).isFinite().isCloseTo(-(5 * Math.log(eps) + Math.log(0.5)) / 3, within(1e-4));
        // d/dp of -(err log p) / 3 = -err / (3 p) inside the clamp; nothing below it.
        assertThat(gradient.getDouble(0, 1)).isCloseTo(-1 / (3 * 0.5), within(1e-5));
        assertThat(gradient.getDouble(0, 0)).isZero();
        assertThat(gradient.getDouble(0, 2)).isZero();
        assertThat(gradient.getDouble(0, 3)).isZero();
    }

    @Test
    void gradientStepsOnTheLossAloneRaiseTheProbabilityOfTokensThatAreHardToReconstruct() {
        double[] plain = trainOnHardTokens(1);
        double[] negated = trainOnHardTokens(-1);

        // Two tokens of eight: their mean probability is at most 0.5.
        assertThat(plain[1]).as("after training, was %s", plain[0]).isGreaterThan(1.5 * plain[0]);
        // The same steps on the negated loss push the other way: the problem tells the signs apart.
        assertThat(negated[1]).as("negated loss, was %s", negated[0]).isLessThan(negated[0] / 1.5);
    }

    @Test
    void theLossTrainsTheSamplerAndReachesTheTokens() {
        SamplerHost host = host("", 1);
        boolean[][] hidden = new boolean[BATCH][TOKENS];
        for (int token = 2; token < TOKENS; token++) {
            hidden[0][token] = true;
            hidden[1][token - 2] = true;
        }
        Nd4j.getRandom().setSeed(3);
        Map<String, INDArray> gradients = host.sd.calculateGradients(placeholders(hidden), host.trainableVariables());

        assertThat(gradients.get(SamplerHost.TOKENS).norm2Number().doubleValue()).isPositive();
        for (String name : host.samplerVariables()) {
            if (!name.equals(SCOPE + SamplerNetwork.HEAD + SamplerNetwork.BIAS)) {
                // The head's bias shifts every logit alike, which the softmax ignores.
                assertThat(gradients.get(name).norm2Number().doubleValue()).as(name).isPositive();
            }
        }
    }

    /**
     * Trains the sampler alone, as the engine would, with masks drawn from its probabilities and
     * errors that are high at tokens 1 and 6 and low elsewhere (0 where visible), the loss times
     * {@code sign}; returns the mean probability of tokens 1 and 6 before and after.
     */
    private static double[] trainOnHardTokens(double sign) {
        AdaptiveMaskingStrategy strategy = strategy("dropout = 0");
        SamplerHost host = new SamplerHost(strategy.sampler(), 7);
        double before = meanProbability(host.probabilities(), 1, 6);
        SplittableRandom random = new SplittableRandom(5);
        for (int step = 0; step < 30; step++) {
            TokenProbabilities p = TokenProbabilities.of(GRID, host.probabilities());
            TokenMask mask = strategy.sample(new MaskRequest(GRID, SamplerHost.RATIO, BATCH, random, p));
            boolean[][] hidden = new boolean[BATCH][TOKENS];
            for (int clip = 0; clip < BATCH; clip++) {
                for (int token : mask.hidden(clip)) {
                    hidden[clip][token] = true;
                }
            }
            Map<String, INDArray> gradients = host.sd.calculateGradients(placeholders(hidden),
                    host.samplerVariables());
            for (String name : host.samplerVariables()) {
                host.sd.getArrForVarName(name).subi(gradients.get(name).mul(sign * 0.5));
            }
        }
        return new double[] {before, meanProbability(host.probabilities(), 1, 6)};
    }

    /** Errors of 5 at tokens 1 and 6 and 0.01 elsewhere where hidden, 0 where visible, and the indicator. */
    private static Map<String, INDArray> placeholders(boolean[][] hidden) {
        INDArray errors = Nd4j.zeros(DataType.FLOAT, BATCH, TOKENS);
        INDArray indicator = Nd4j.zeros(DataType.FLOAT, BATCH, TOKENS);
        for (int clip = 0; clip < BATCH; clip++) {
            for (int token = 0; token < TOKENS; token++) {
                if (hidden[clip][token]) {
                    indicator.putScalar(clip, token, 1f);
                    errors.putScalar(clip, token, token == 1 || token == 6 ? 5f : 0.01f);
                }
            }
        }
        return Map.of(SamplerHost.ERRORS, errors, SamplerHost.HIDDEN, indicator);
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

    private static double lossOf(float[][] p, float[][] errors, float[][] hidden) {
        SameDiff sd = SameDiff.create();
        SDVariable loss = lossVariable(sd, sd.var("p", Nd4j.createFromArray(p)), errors, hidden);
        assertThat(loss.name()).isEqualTo(SCOPE + AdaptiveTokenSampler.LOSS);
        return sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
    }

    private static SDVariable lossVariable(SameDiff sd, SDVariable probabilities, float[][] errors, float[][] hidden) {
        int hiddenCount = 0;
        for (float value : hidden[0]) {
            hiddenCount += (int) value;
        }
        return strategy("").sampler().loss(new SamplerLossInputs(sd, new SamplerGraph(probabilities, Set.of()),
                sd.constant(Nd4j.createFromArray(errors)), sd.constant(Nd4j.createFromArray(hidden)),
                errors.length, hiddenCount, SCOPE));
    }
}
