package dev.adamae.engine.model;

import dev.adamae.engine.ModelSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * Builds a {@link VideoClassifierGraph}: tokenizer and encoder first, in the autoencoder's
 * order, so that one seed gives both the same initial encoder; then the head.
 */
final class VideoClassifierGraphBuilder {

    /** Standard deviation of the head's truncated normal initialisation (VideoMAE). */
    static final double HEAD_STD = 0.02;

    /** The factor VideoMAE scales the head's initial weights by (its {@code init_scale}). */
    static final double HEAD_INIT_SCALE = 0.001;

    private final VideoClassifierSpec spec;
    private final ModelSettings model;
    private final SameDiff sd = SameDiff.create();
    private final ModelParameters parameters;
    private final Map<String, Double> dropPathRates = new LinkedHashMap<>();
    private final int batch;
    private final int tokens;
    private final int width;

    VideoClassifierGraphBuilder(VideoClassifierSpec spec, boolean values) {
        this.spec = spec;
        this.model = spec.model();
        this.parameters = values ? new ModelParameters(sd, new SplittableRandom(spec.seed()))
                : ModelParameters.shapesOnly(sd, new SplittableRandom(spec.seed()));
        this.batch = spec.batchSize();
        this.tokens = spec.tokenCount();
        this.width = model.encoder().width();
    }

    VideoClassifierGraph build() {
        SDVariable tubelets = sd.placeHolder(ClassifierNames.TUBELETS, DataType.FLOAT, (long) batch * tokens,
                model.tokenValues());
        SDVariable embedded = TubeletEmbedding.apply(parameters, tubelets, model);
        SDVariable positioned = sd.reshape(sd.reshape(embedded, batch, tokens, width)
                .add(sd.constant("encoder/position_codes", PositionCodes.sinusoid(tokens, width))),
                (long) batch * tokens, width);
        boolean classifier = spec.head() == VideoClassifierSpec.Head.CLASSIFIER;
        TransformerStack encoder = new TransformerStack(parameters, "encoder/", model.encoder(), batch, tokens)
                .withResidualScale(this::dropPath);
        SDVariable encoded = (classifier ? encoder.withoutFinalNorm() : encoder).apply(positioned);
        SDVariable perClip = sd.reshape(ClassifierNames.TOKEN_FEATURES, encoded, batch, tokens, width);
        SDVariable pooled = !classifier && spec.pooling() == VideoClassifierSpec.Pooling.MAX
                ? sd.max(ClassifierNames.FEATURES, perClip, 1)
                : sd.mean(ClassifierNames.FEATURES, perClip, 1);
        if (classifier) {
            head(pooled);
        }
        List<String> trainable = sd.variables().stream()
                .filter(variable -> variable.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name)
                .toList();
        return new VideoClassifierGraph(spec, sd, trainable, parameters.withoutWeightDecay(), dropPathRates);
    }

    /** Returns the shapes of every trainable variable of the graph built, by name, for a build without values. */
    java.util.Map<String, long[]> parameterShapes(List<String> trainable) {
        return parameters.shapes(trainable);
    }

    /** Layer norm, linear head, softmax, and the soft-target cross-entropy. */
    private void head(SDVariable pooled) {
        SDVariable normed = Layers.layerNorm(parameters, ClassifierNames.HEAD_SCOPE + "norm", pooled, width);
        int classes = spec.classes();
        SDVariable weight = parameters.scaledNormalWeight(ClassifierNames.HEAD_SCOPE + "head/weight", HEAD_STD,
                HEAD_INIT_SCALE, width, classes);
        SDVariable bias = parameters.zeroBias(ClassifierNames.HEAD_SCOPE + "head/bias", classes);
        SDVariable logits = sd.nn.biasAdd(ClassifierNames.LOGITS, sd.mmul(normed, weight), bias, false);
        sd.nn.softmax(ClassifierNames.PROBABILITIES, logits, 1);
        // log softmax as logits - max - log(sum(exp(logits - max))): finite for any logits.
        SDVariable largest = new StopGradient(sd, sd.max(logits, true, 1)).outputVariable();
        SDVariable shifted = logits.sub(largest);
        SDVariable logProbabilities = shifted.sub(sd.math.log(sd.sum(sd.math.exp(shifted), true, 1)));
        SDVariable targets = sd.placeHolder(ClassifierNames.TARGETS, DataType.FLOAT, batch, classes);
        SDVariable loss = sd.mean(ClassifierNames.LOSS, sd.sum(targets.mul(logProbabilities), 1).neg());
        sd.setLossVariables(loss);
    }

    /** The drop path placeholder of a branch, or {@code null} for a block whose rate is 0. */
    private SDVariable dropPath(int block, String branch) {
        double rate = spec.dropPathOf(block);
        if (rate <= 0) {
            return null;
        }
        String name = ClassifierNames.dropPath(block, branch);
        dropPathRates.put(name, rate);
        return sd.placeHolder(name, DataType.FLOAT, (long) batch * tokens, 1);
    }
}
