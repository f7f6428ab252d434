package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.engine.ModelSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VideoClassifierGraphTest {

    private static final int BATCH = 4;
    private static final int CLASSES = 5;

    private final ModelSettings model = Presets.model("test");

    private VideoClassifierGraph classifier(double dropPath) {
        return VideoClassifierGraph.build(new VideoClassifierSpec(model, BATCH, CLASSES,
                VideoClassifierSpec.Head.CLASSIFIER, dropPath, 42));
    }

    private INDArray clips(long seed) {
        return Batches.randomClips(new VideoMaeGraphSpec(model, BATCH, 4, LossType.MSE_NORMALIZED, 0), seed);
    }

    private static INDArray oneHot(int... labels) {
        INDArray targets = Nd4j.zeros(DataType.FLOAT, labels.length, CLASSES);
        for (int i = 0; i < labels.length; i++) {
            targets.putScalar(i, labels[i], 1f);
        }
        return targets;
    }

    @Test
    void anUntrainedHeadPredictsNearlyUniformlySoTheLossIsLogOfTheClassCount() {
        VideoClassifierGraph graph = classifier(0.0);
        Map<String, INDArray> out = graph.sameDiff().output(
                graph.trainingInputs(clips(1), oneHot(0, 1, 2, 3), Map.of()), ClassifierNames.LOSS,
                ClassifierNames.PROBABILITIES);
        assertThat(out.get(ClassifierNames.LOSS).getDouble(0)).isCloseTo(Math.log(CLASSES), within(1e-2));
        INDArray probabilities = out.get(ClassifierNames.PROBABILITIES);
        assertThat(probabilities.shape()).containsExactly(BATCH, CLASSES);
        assertThat(probabilities.sum(1).toDoubleVector()).containsOnly(new double[] {1.0}, within(1e-5));
    }

    @Test
    void everyVariableGetsAGradientAndTheLossFallsWhenTrainedOnOneBatch() {
        VideoClassifierGraph graph = classifier(0.1);
        INDArray clips = clips(2);
        INDArray targets = oneHot(0, 1, 2, 3);
        Map<String, INDArray> parameters = graph.parameters();
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 15; step++) {
            Map<String, INDArray> inputs = graph.trainingInputs(clips, targets,
                    graph.dropPathMasks(new SplittableRandom(step)));
            OutAndGrad result = graph.sameDiff().calculateGradientsAndOutputs(inputs, List.of(ClassifierNames.LOSS),
                    graph.trainableVariables());
            assertThat(result.getGradients().keySet()).containsExactlyInAnyOrderElementsOf(graph.trainableVariables());
            double loss = result.getOutputs().get(ClassifierNames.LOSS).getDouble(0);
            if (step == 0) {
                first = loss;
                assertThat(result.getGradients().get(VideoMaeNames.TOKENIZER_WEIGHT).norm2Number().doubleValue())
                        .isGreaterThan(0);
            }
            last = loss;
            for (String name : graph.trainableVariables()) {
                parameters.get(name).subi(result.getGradients().get(name).mul(0.05));
            }
        }
        assertThat(last).isLessThan(first * 0.7);
    }

    @Test
    void dropPathMasksDropWholeClipsAndScaleTheKeptOnes() {
        VideoClassifierGraph graph = classifier(0.5);
        // Block 0's rate is 0: only the last block of the two has placeholders, at the full rate.
        assertThat(graph.dropPathRates()).containsOnlyKeys(ClassifierNames.dropPath(1, "attention"),
                ClassifierNames.dropPath(1, "mlp"));
        Map<String, INDArray> masks = graph.dropPathMasks(new SplittableRandom(3));
        int tokens = model.grid().tokenCount();
        for (INDArray mask : masks.values()) {
            for (int clip = 0; clip < BATCH; clip++) {
                double first = mask.getDouble((long) clip * tokens, 0);
                assertThat(first).isIn(0.0, 2.0);
                for (int token = 0; token < tokens; token++) {
                    assertThat(mask.getDouble((long) clip * tokens + token, 0)).isEqualTo(first);
                }
            }
        }
        double kept = 0;
        int draws = 0;
        for (long seed = 0; seed < 200; seed++) {
            for (INDArray mask : graph.dropPathMasks(new SplittableRandom(seed)).values()) {
                for (int clip = 0; clip < BATCH; clip++) {
                    kept += mask.getDouble((long) clip * tokens, 0) > 0 ? 1 : 0;
                    draws++;
                }
            }
        }
        assertThat(kept / draws).isCloseTo(0.5, within(0.05));
    }

    @Test
    void droppingABranchChangesTheOutputAndKeepingAllEqualsTheTestPass() {
        VideoClassifierGraph graph = classifier(0.5);
        INDArray clips = clips(4);
        INDArray test = graph.sameDiff().output(graph.testInputs(clips), ClassifierNames.FEATURES)
                .get(ClassifierNames.FEATURES).dup();
        Map<String, INDArray> ones = new HashMap<>();
        Map<String, INDArray> zeros = new HashMap<>();
        graph.dropPathRates().keySet().forEach(name -> {
            ones.put(name, Nd4j.ones(DataType.FLOAT, (long) BATCH * model.grid().tokenCount(), 1));
            zeros.put(name, Nd4j.zeros(DataType.FLOAT, (long) BATCH * model.grid().tokenCount(), 1));
        });
        INDArray kept = graph.sameDiff().output(graph.trainingInputs(clips, oneHot(0, 0, 0, 0), ones),
                ClassifierNames.FEATURES).get(ClassifierNames.FEATURES).dup();
        INDArray dropped = graph.sameDiff().output(graph.trainingInputs(clips, oneHot(0, 0, 0, 0), zeros),
                ClassifierNames.FEATURES).get(ClassifierNames.FEATURES).dup();
        assertThat(kept.equalsWithEps(test, 1e-6)).isTrue();
        assertThat(dropped.equalsWithEps(test, 1e-3)).isFalse();
    }

    @Test
    void aScratchEncoderStartsFromTheAutoencodersInitialWeightsOfTheSameSeed() {
        VideoMaeGraph autoencoder = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 2, 4, LossType.MSE_NORMALIZED, 42),
                Optional.empty());
        VideoClassifierGraph graph = classifier(0.0);
        for (String name : graph.trainableVariables()) {
            if (!name.startsWith(ClassifierNames.HEAD_SCOPE)) {
                assertThat(graph.sameDiff().getVariable(name).getArr())
                        .as(name).isEqualTo(autoencoder.sameDiff().getVariable(name).getArr());
            }
        }
    }

    @Test
    void loadingAPretrainedEncoderCopiesItsWeightsAndNamesWhatItLeavesOut() {
        VideoMaeGraph autoencoder = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 2, 4, LossType.MSE_NORMALIZED, 7),
                Optional.empty());
        Map<String, INDArray> saved = new HashMap<>();
        autoencoder.trainableVariables().forEach(name -> saved.put(name,
                autoencoder.sameDiff().getVariable(name).getArr().add(1.0)));
        VideoClassifierGraph graph = classifier(0.0);
        INDArray head = graph.sameDiff().getVariable(ClassifierNames.HEAD_SCOPE + "head/weight").getArr().dup();

        List<String> unused = graph.loadEncoder(saved);

        assertThat(graph.sameDiff().getVariable("encoder/block1/mlp/fc2/weight").getArr())
                .isEqualTo(saved.get("encoder/block1/mlp/fc2/weight"));
        assertThat(graph.sameDiff().getVariable(VideoMaeNames.TOKENIZER_BIAS).getArr())
                .isEqualTo(saved.get(VideoMaeNames.TOKENIZER_BIAS));
        assertThat(graph.sameDiff().getVariable(ClassifierNames.HEAD_SCOPE + "head/weight").getArr()).isEqualTo(head);
        assertThat(unused).contains(VideoMaeNames.MASK_TOKEN, "encoder/norm/gain")
                .noneMatch(name -> name.startsWith("encoder/block"));
    }

    @Test
    void anEncoderOfOtherDimensionsIsRefusedByName() {
        VideoClassifierGraph graph = classifier(0.0);
        Map<String, INDArray> saved = new HashMap<>(graph.parameters());
        saved.put("encoder/block0/mlp/fc1/weight", Nd4j.zeros(DataType.FLOAT, 3, 3));
        assertThatThrownBy(() -> graph.loadEncoder(saved)).hasMessageContaining("encoder/block0/mlp/fc1/weight is [3, 3]");
        saved.remove("encoder/block0/mlp/fc1/weight");
        assertThatThrownBy(() -> graph.loadEncoder(saved)).hasMessageContaining("it has no encoder/block0/mlp/fc1/weight");
    }

    @Test
    void layerDecayGivesTheHeadTheFullRateAndEachLayerBelowAFactorLess() {
        VideoClassifierGraph graph = classifier(0.0);
        Map<String, Double> scales = graph.layerDecayScales(0.5);
        // test preset: depth 2, so layers are tokenizer 0, blocks 1..2, head 3.
        assertThat(scales.get(ClassifierNames.HEAD_SCOPE + "head/weight")).isEqualTo(1.0);
        assertThat(scales.get("encoder/block1/attention/qkv/weight")).isEqualTo(0.5);
        assertThat(scales.get("encoder/block0/norm1/gain")).isEqualTo(0.25);
        assertThat(scales.get(VideoMaeNames.TOKENIZER_WEIGHT)).isEqualTo(0.125);
        assertThat(graph.withoutWeightDecay()).contains(VideoMaeNames.TOKENIZER_BIAS,
                ClassifierNames.HEAD_SCOPE + "norm/gain", ClassifierNames.HEAD_SCOPE + "head/bias")
                .doesNotContain(ClassifierNames.HEAD_SCOPE + "head/weight");
    }

    @Test
    void theFeaturesHeadKeepsTheEncodersFinalNormAndHasNoLoss() {
        VideoClassifierGraph features = VideoClassifierGraph.build(new VideoClassifierSpec(model, BATCH, CLASSES,
                VideoClassifierSpec.Head.FEATURES, 0.0, 42));
        assertThat(features.trainableVariables()).contains("encoder/norm/gain")
                .noneMatch(name -> name.startsWith(ClassifierNames.HEAD_SCOPE));
        INDArray out = features.sameDiff().output(features.testInputs(clips(5)), ClassifierNames.FEATURES)
                .get(ClassifierNames.FEATURES);
        assertThat(out.shape()).containsExactly(BATCH, model.encoder().width());
    }

    @Test
    void maxPoolingGivesEachFeaturesLargestValueOverTheTokensOfTheSameEncoder() {
        INDArray clips = clips(6);
        Map<String, INDArray> pooled = new HashMap<>();
        INDArray[] tokens = new INDArray[1];
        for (VideoClassifierSpec.Pooling pooling : VideoClassifierSpec.Pooling.values()) {
            VideoClassifierGraph graph = VideoClassifierGraph.build(new VideoClassifierSpec(model, BATCH, CLASSES,
                    VideoClassifierSpec.Head.FEATURES, 0.0, 42, pooling));
            String perToken = graph.sameDiff().getVariableOutputOp(ClassifierNames.FEATURES).arg(0).name();
            Map<String, INDArray> out = graph.sameDiff().output(graph.testInputs(clips), ClassifierNames.FEATURES,
                    perToken);
            pooled.put(pooling.configName(), out.get(ClassifierNames.FEATURES).dup());
            tokens[0] = out.get(perToken).dup();
        }
        long width = model.encoder().width();
        assertThat(tokens[0].shape()).containsExactly(BATCH, model.grid().tokenCount(), width);
        for (int clip = 0; clip < BATCH; clip++) {
            for (int feature = 0; feature < width; feature += 7) {
                double largest = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int token = 0; token < model.grid().tokenCount(); token++) {
                    double value = tokens[0].getDouble(clip, token, feature);
                    largest = Math.max(largest, value);
                    sum += value;
                }
                assertThat(pooled.get("max").getDouble(clip, feature)).isCloseTo(largest, within(1e-5));
                assertThat(pooled.get("mean").getDouble(clip, feature))
                        .isCloseTo(sum / model.grid().tokenCount(), within(1e-4));
            }
        }
        assertThat(pooled.get("max")).isNotEqualTo(pooled.get("mean"));
        assertThatThrownBy(() -> VideoClassifierSpec.Pooling.named("median"))
                .hasMessage("Unknown pooling 'median': known are mean, max");
    }
}
