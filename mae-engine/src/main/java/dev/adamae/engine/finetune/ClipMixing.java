package dev.adamae.engine.finetune;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mixup and cutmix on whole clips, and the smoothed soft targets that go with them, as timm's
 * {@code Mixup} in batch mode does for VideoMAE's fine-tuning.
 *
 * <p>Per batch: with probability {@code prob} the batch is mixed with itself reversed (clip
 * {@code i} with clip {@code B - 1 - i}); cutmix is chosen with probability {@code switchProb}
 * when both are on. Mixup blends every pixel with weight {@code lambda ~ Beta(mixupAlpha,
 * mixupAlpha)}; cutmix pastes the same box of the partner clip into every frame, the box's side
 * {@code sqrt(1 - lambda)} of the frame's, {@code lambda ~ Beta(cutmixAlpha, cutmixAlpha)}, then
 * corrects {@code lambda} to the share of pixels kept. Targets are one-hot with label smoothing
 * ({@code 1 - s + s / C} on the label, {@code s / C} elsewhere), mixed with the same
 * {@code lambda}.
 *
 * @param mixupAlpha mixup's Beta parameter; 0 switches mixup off
 * @param cutmixAlpha cutmix's Beta parameter; 0 switches cutmix off
 * @param prob the probability that a batch is mixed at all
 * @param switchProb the probability of cutmix rather than mixup when both are on
 * @param labelSmoothing the smoothing {@code s} of the targets, in {@code [0, 1)}
 */
public record ClipMixing(double mixupAlpha, double cutmixAlpha, double prob, double switchProb,
        double labelSmoothing) {

    /** No mixing and no smoothing: targets are one-hot. */
    public static final ClipMixing NONE = new ClipMixing(0, 0, 0, 0, 0);

    public ClipMixing {
        if (mixupAlpha < 0 || cutmixAlpha < 0) {
            throw new IllegalArgumentException("Mixup and cutmix alphas must be >= 0, got " + mixupAlpha + ", "
                    + cutmixAlpha);
        }
        if (!(prob >= 0 && prob <= 1) || !(switchProb >= 0 && switchProb <= 1)) {
            throw new IllegalArgumentException("Mixing probabilities must be in [0, 1], got " + prob + ", " + switchProb);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("Label smoothing must be in [0, 1), got " + labelSmoothing);
        }
    }

    /** What was done to one batch. */
    public enum Kind { NONE, MIXUP, CUTMIX }

    /**
     * A mixed batch.
     *
     * @param clips the mixed clips, {@code [B, 3, T, H, W]}, a new array
     * @param targets the soft targets, {@code [B, C]}
     * @param lambda the weight of each clip's own label (1 when not mixed)
     * @param kind what was done
     */
    public record Mixed(INDArray clips, INDArray targets, double lambda, Kind kind) {
    }

    /**
     * Mixes one batch.
     *
     * @param clips {@code [B, 3, T, H, W]}; left unchanged
     * @param labels the class of each clip, from 0 to {@code classes - 1}
     * @param random the step's own generator: the same draws give the same batch
     */
    public Mixed apply(INDArray clips, int[] labels, int classes, RandomGenerator random) {
        long[] shape = clips.shape();
        int batch = (int) shape[0];
        if (labels.length != batch) {
            throw new IllegalArgumentException(labels.length + " labels for " + batch + " clips");
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("Label " + label + " is outside the " + classes + " classes");
            }
        }
        double lambda = 1;
        Kind kind = Kind.NONE;
        if ((mixupAlpha > 0 || cutmixAlpha > 0) && random.nextDouble() < prob) {
            boolean cutmix = mixupAlpha > 0 && cutmixAlpha > 0 ? random.nextDouble() < switchProb : cutmixAlpha > 0;
            kind = cutmix ? Kind.CUTMIX : Kind.MIXUP;
            lambda = BetaDistribution.sample(cutmix ? cutmixAlpha : mixupAlpha, cutmix ? cutmixAlpha : mixupAlpha,
                    random);
        }
        float[] values = clips.dup().data().asFloat();
        float[] mixed = values.clone();
        int clipValues = values.length / batch;
        if (kind == Kind.MIXUP) {
            float own = (float) lambda;
            float other = (float) (1 - lambda);
            for (int i = 0; i < batch; i++) {
                int partner = (batch - 1 - i) * clipValues;
                for (int v = 0; v < clipValues; v++) {
                    mixed[i * clipValues + v] = values[i * clipValues + v] * own + values[partner + v] * other;
                }
            }
        } else if (kind == Kind.CUTMIX) {
            lambda = pasteBox(values, mixed, shape, lambda, random);
        }
        return new Mixed(Nd4j.create(mixed, shape, DataType.FLOAT), targets(labels, classes, lambda), lambda, kind);
    }

    /** Pastes the partner's box into every frame of every clip; returns the share of pixels kept. */
    private static double pasteBox(float[] values, float[] mixed, long[] shape, double lambda, RandomGenerator random) {
        int batch = (int) shape[0];
        int planes = (int) (shape[1] * shape[2]);
        int height = (int) shape[3];
        int width = (int) shape[4];
        double side = Math.sqrt(1 - lambda);
        int cutHeight = (int) (height * side);
        int cutWidth = (int) (width * side);
        int centreY = random.nextInt(height);
        int centreX = random.nextInt(width);
        int top = clamp(centreY - cutHeight / 2, height);
        int bottom = clamp(centreY + cutHeight / 2, height);
        int left = clamp(centreX - cutWidth / 2, width);
        int right = clamp(centreX + cutWidth / 2, width);
        int clipValues = planes * height * width;
        for (int i = 0; i < batch; i++) {
            int partner = batch - 1 - i;
            for (int plane = 0; plane < planes; plane++) {
                for (int y = top; y < bottom; y++) {
                    int row = (plane * height + y) * width;
                    System.arraycopy(values, partner * clipValues + row + left, mixed, i * clipValues + row + left,
                            right - left);
                }
            }
        }
        return 1 - (double) (bottom - top) * (right - left) / (height * width);
    }

    private static int clamp(int value, int size) {
        return Math.max(0, Math.min(size, value));
    }

    /** Returns the smoothed one-hot targets of {@code labels}, mixed with the reversed batch's. */
    INDArray targets(int[] labels, int classes, double lambda) {
        int batch = labels.length;
        float off = (float) (labelSmoothing / classes);
        float on = (float) (1 - labelSmoothing) + off;
        float[] targets = new float[batch * classes];
        for (int i = 0; i < batch; i++) {
            float[] row = new float[classes];
            Arrays.fill(row, off);
            row[labels[i]] += (on - off) * (float) lambda;
            row[labels[batch - 1 - i]] += (on - off) * (float) (1 - lambda);
            System.arraycopy(row, 0, targets, i * classes, classes);
        }
        return Nd4j.create(targets, new long[] {batch, classes}, DataType.FLOAT);
    }
}
