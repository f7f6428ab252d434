package dev.adamae.engine.finetune;

import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.ClassifierNames;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.train.AdamW;
import dev.adamae.engine.train.LearningRateSchedule;
import dev.adamae.engine.train.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A linear probe: a softmax classifier on a frozen encoder's pooled tokens, each feature
 * standardised with the training features' mean and deviation (a batch norm without gain and
 * bias, as MAE's linear probe), trained by AdamW with a cosine-decayed learning rate.
 *
 * <p>Its parameters, by name: {@value #WEIGHT} {@code [D, C]}, {@value #BIAS} {@code [C]},
 * {@value #MEAN} and {@value #DEVIATION} {@code [D]}.
 */
public final class LinearProbe {

    /** The name of the probe's weights. */
    public static final String WEIGHT = "probe/weight";
    /** The name of the probe's bias. */
    public static final String BIAS = "probe/bias";
    /** The name of the features' training mean. */
    public static final String MEAN = "probe/feature_mean";
    /** The name of the features' training standard deviation. */
    public static final String DEVIATION = "probe/feature_std";

    private static final double SMALLEST_DEVIATION = 1e-6;

    /**
     * Features of labelled clips.
     *
     * @param values one row of encoder features per clip
     * @param labels the clips' classes
     * @param skipped clips that could not be read
     * @param variance how the variance of the tokens' features, before pooling, splits into place,
     *     clip and token; {@code null} when not measured
     */
    public record Features(float[][] values, int[] labels, int skipped, TokenVariance.Shares variance) {

        /** Features whose tokens' variance was not measured. */
        public Features(float[][] values, int[] labels, int skipped) {
            this(values, labels, skipped, null);
        }
    }

    private final INDArray weight;
    private final INDArray bias;
    private final INDArray mean;
    private final INDArray deviation;

    private LinearProbe(INDArray weight, INDArray bias, INDArray mean, INDArray deviation) {
        this.weight = weight;
        this.bias = bias;
        this.mean = mean;
        this.deviation = deviation;
    }

    /** Recreates a probe from its parameters (a checkpoint's). */
    public static LinearProbe of(Map<String, INDArray> parameters) {
        for (String name : List.of(WEIGHT, BIAS, MEAN, DEVIATION)) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("it has no " + name + ": it holds no linear probe");
            }
        }
        return new LinearProbe(parameters.get(WEIGHT), parameters.get(BIAS), parameters.get(MEAN),
                parameters.get(DEVIATION));
    }

    /** Returns the probe's parameters by name; live arrays. */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        parameters.put(WEIGHT, weight);
        parameters.put(BIAS, bias);
        parameters.put(MEAN, mean);
        parameters.put(DEVIATION, deviation);
        return parameters;
    }

    /** Returns the number of classes. */
    public int classes() {
        return (int) weight.shape()[1];
    }

    /**
     * Reads the centre view of every clip of {@code data} through the frozen encoder of
     * {@code graph} (built with {@link dev.adamae.engine.model.VideoClassifierSpec.Head#FEATURES}).
     */
    public static Features extract(VideoClassifierGraph graph, ClipDataset data, Consumer<String> warnings,
            IntConsumer progress) {
        int batch = graph.spec().batchSize();
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<VideoClip> pending = new ArrayList<>();
        TokenVariance variance = new TokenVariance(graph.spec().tokenCount(), graph.spec().model().encoder().width());
        int skipped = 0;
        for (int index = 0; index < data.size(); index++) {
            try {
                VideoClip clip = data.readView(index, EvaluationView.CENTRE);
                if (!clip.labelled()) {
                    throw new IllegalArgumentException("Clip " + clip.id() + " has no label: a probe needs labelled clips");
                }
                pending.add(clip);
            } catch (UnreadableClipException e) {
                skipped++;
                warnings.accept("skipped: " + e.getMessage());
            }
            if (pending.size() == batch || (index == data.size() - 1 && !pending.isEmpty())) {
                float[][] features = features(graph, pending, variance);
                for (int i = 0; i < pending.size(); i++) {
                    rows.add(features[i]);
                    labels.add(pending.get(i).label());
                }
                pending.clear();
            }
            progress.accept(index + 1);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No clip of " + data.description() + " could be read");
        }
        return new Features(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(), skipped,
                rows.size() > 1 ? variance.shares() : null);
    }

    private static float[][] features(VideoClassifierGraph graph, List<VideoClip> clips, TokenVariance variance) {
        VideoClip first = clips.get(0);
        int values = first.pixels().length;
        float[] batch = new float[graph.spec().batchSize() * values];
        for (int i = 0; i < clips.size(); i++) {
            System.arraycopy(clips.get(i).pixels(), 0, batch, i * values, values);
        }
        INDArray input = Nd4j.create(batch, new long[] {graph.spec().batchSize(), VideoClip.CHANNELS, first.frames(),
                first.height(), first.width()}, DataType.FLOAT);
        Map<String, INDArray> outputs = graph.sameDiff().output(graph.testInputs(input), ClassifierNames.FEATURES,
                ClassifierNames.TOKEN_FEATURES);
        float[][] out = outputs.get(ClassifierNames.FEATURES).toFloatMatrix();
        INDArray tokens = outputs.get(ClassifierNames.TOKEN_FEATURES);
        for (int i = 0; i < clips.size(); i++) {
            variance.add(tokens.slice(i).toFloatMatrix());
        }
        input.close();
        return out;
    }

    /** Observes the probe's training, one call per epoch. */
    public interface EpochListener {

        /**
         * Called after each epoch.
         *
         * @param epoch epochs done (from 1)
         * @param loss the mean cross-entropy of the epoch's steps
         * @param trainTop1 the share of training features classified right during the epoch
         * @param learningRate the rate of the epoch's last step
         */
        void onEpoch(int epoch, double loss, double trainTop1, double learningRate);
    }

    /**
     * Trains a probe on {@code train}.
     *
     * @param classes the number of classes
     * @param listener told after each epoch
     */
    public static LinearProbe train(Features train, int classes, ProbeSettings settings, EpochListener listener) {
        int n = train.values().length;
        int width = train.values()[0].length;
        INDArray x = Nd4j.create(train.values());
        INDArray mean = x.mean(0);
        INDArray deviation = Transforms.max(x.std(false, 0), SMALLEST_DEVIATION);
        x = x.subRowVector(mean).divRowVector(deviation);
        SplittableRandom init = new SplittableRandom(settings.seed());
        float[] w = new float[width * classes];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (init.nextGaussian() * 0.01);
        }
        INDArray weight = Nd4j.create(w, new long[] {width, classes}, DataType.FLOAT);
        INDArray bias = Nd4j.zeros(DataType.FLOAT, classes);
        AdamW optimiser = new AdamW(0.9, 0.999, 1e-8, settings.weightDecay(), Set.of(BIAS));
        int perEpoch = (n + settings.batchSize() - 1) / settings.batchSize();
        LearningRateSchedule schedule = new LearningRateSchedule(settings.learningRate(), 0, 0,
                settings.epochs() * perEpoch);
        long step = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            int[] order = shuffled(n, new SplittableRandom(Seeds.derive(settings.seed(), Seeds.DATA_ORDER, epoch)));
            double lossSum = 0;
            int correct = 0;
            double rate = 0;
            for (int start = 0; start < n; start += settings.batchSize()) {
                int m = Math.min(settings.batchSize(), n - start);
                int[] rows = java.util.Arrays.copyOfRange(order, start, start + m);
                INDArray xb = Nd4j.pullRows(x, 1, rows);
                INDArray probabilities = softmax(xb.mmul(weight).addRowVector(bias));
                // The loss, the accuracy and the one-hot targets on the host, in one copy of the
                // probabilities: a native call per value took most of the probe's training time.
                float[][] p = probabilities.toFloatMatrix();
                float[] oneHot = new float[m * classes];
                for (int i = 0; i < m; i++) {
                    int label = train.labels()[rows[i]];
                    oneHot[i * classes + label] = 1f;
                    lossSum -= Math.log(Math.max(p[i][label], 1e-12));
                    correct += argMax(p[i]) == label ? 1 : 0;
                }
                INDArray targets = Nd4j.create(oneHot, new long[] {m, classes}, DataType.FLOAT);
                INDArray delta = probabilities.sub(targets).divi(m);
                rate = schedule.at(step++);
                optimiser.apply(Map.of(WEIGHT, weight, BIAS, bias),
                        Map.of(WEIGHT, xb.transpose().mmul(delta), BIAS, delta.sum(0)), rate);
            }
            listener.onEpoch(epoch + 1, lossSum / n, (double) correct / n, rate);
        }
        return new LinearProbe(weight, bias, mean, deviation);
    }

    /** Returns the class probabilities of feature rows, {@code [B, C]}. */
    public float[][] probabilities(float[][] features) {
        INDArray x = Nd4j.create(features).subRowVector(mean).divRowVector(deviation);
        return softmax(x.mmul(weight).addRowVector(bias)).toFloatMatrix();
    }

    /** Returns a scorer of clips by this probe on {@code graph}'s frozen features. */
    public ClassifierTester.Scorer scorer(VideoClassifierGraph graph) {
        return new ClassifierTester.Scorer() {
            @Override
            public int batchSize() {
                return graph.spec().batchSize();
            }

            @Override
            public float[][] probabilities(INDArray clips) {
                float[][] features = graph.sameDiff().output(graph.testInputs(clips), ClassifierNames.FEATURES)
                        .get(ClassifierNames.FEATURES).toFloatMatrix();
                return LinearProbe.this.probabilities(features);
            }
        };
    }

    private static INDArray softmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(1));
        INDArray exp = Transforms.exp(shifted, false);
        return exp.divColumnVector(exp.sum(1));
    }

    /** Returns the index of the largest value, the first of equal ones (as ND4J's argMax). */
    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
