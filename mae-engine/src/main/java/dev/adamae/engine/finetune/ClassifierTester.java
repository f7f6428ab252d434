package dev.adamae.engine.finetune;

import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tests a classifier on labelled clips with several views per clip (temporal clips x spatial
 * crops), averaging the class probabilities of a clip's views, and counts top-1, top-5 and the
 * confusion matrix.
 *
 * <p>Views are packed into batches of the scorer's fixed size, the last one padded; a clip that
 * cannot be read is reported once, counted and left out.
 */
public final class ClassifierTester {

    /** Scores a batch of clips. */
    public interface Scorer {

        /** Returns the fixed number of clips per batch. */
        int batchSize();

        /**
         * Returns the class probabilities of {@code clips}, {@code [B, C]}, as host values that
         * outlive the next call.
         */
        float[][] probabilities(INDArray clips);
    }

    private final ModelSettings model;
    private final Consumer<String> warnings;

    /**
     * Creates a tester.
     *
     * @param model the model whose clip size views must have
     * @param warnings receives one line per clip that cannot be read
     */
    public ClassifierTester(ModelSettings model, Consumer<String> warnings) {
        this.model = model;
        this.warnings = warnings;
    }

    /**
     * Tests {@code scorer} on every clip of {@code data}.
     *
     * @param temporalViews temporal clips per video (1 when the data set's views are all alike)
     * @param spatialViews spatial crops per clip (likewise)
     * @param progress receives the number of clips done after each batch
     * @throws IllegalArgumentException when the data has no labels or every clip is unreadable
     */
    public TestResult test(Scorer scorer, ClipDataset data, int temporalViews, int spatialViews, IntConsumer progress) {
        List<String> classNames = data.classNames();
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("The data set " + data.description() + " has no labels to test against");
        }
        int temporal = data.hasDistinctViews() ? temporalViews : 1;
        int spatial = data.hasDistinctViews() ? spatialViews : 1;
        int classes = classNames.size();
        int batch = scorer.batchSize();
        int clipValues = VideoClip.CHANNELS * model.clipFrames() * model.clipHeight() * model.clipWidth();
        int[][] confusion = new int[classes][classes];
        int top1 = 0;
        int top5 = 0;
        int tested = 0;
        int skipped = 0;
        // Pending views of the batch being filled: which clip each belongs to.
        List<Integer> owners = new ArrayList<>();
        float[] values = new float[batch * clipValues];
        double[][] sums = new double[data.size()][];
        int[] labels = new int[data.size()];
        int[] viewsLeft = new int[data.size()];
        for (int index = 0; index < data.size(); index++) {
            List<VideoClip> views = new ArrayList<>();
            try {
                for (int t = 0; t < temporal; t++) {
                    for (int s = 0; s < spatial; s++) {
                        views.add(checked(data.readView(index, new EvaluationView(t, temporal, s, spatial))));
                    }
                }
            } catch (UnreadableClipException e) {
                skipped++;
                warnings.accept("skipped: " + e.getMessage());
                continue;
            }
            int label = views.get(0).label();
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("Clip " + views.get(0).id() + " has "
                        + (label < 0 ? "no label" : "label " + label + ", outside the " + classes + " classes"));
            }
            labels[index] = label;
            sums[index] = new double[classes];
            viewsLeft[index] = views.size();
            for (VideoClip view : views) {
                System.arraycopy(view.pixels(), 0, values, owners.size() * clipValues, clipValues);
                owners.add(index);
                if (owners.size() == batch) {
                    score(scorer, values, owners, sums);
                    owners.clear();
                }
            }
            progress.accept(index + 1);
        }
        if (!owners.isEmpty()) {
            Arrays.fill(values, owners.size() * clipValues, values.length, 0f);
            score(scorer, values, owners, sums);
        }
        for (int index = 0; index < data.size(); index++) {
            if (sums[index] == null) {
                continue;
            }
            int[] ranked = ranked(sums[index]);
            tested++;
            confusion[labels[index]][ranked[0]]++;
            top1 += ranked[0] == labels[index] ? 1 : 0;
            for (int k = 0; k < Math.min(5, classes); k++) {
                top5 += ranked[k] == labels[index] ? 1 : 0;
            }
        }
        if (tested == 0) {
            throw new IllegalArgumentException("No clip of " + data.description() + " could be read for testing");
        }
        return new TestResult((double) top1 / tested, (double) top5 / tested, tested, skipped, temporal, spatial,
                classNames, confusion);
    }

    private void score(Scorer scorer, float[] values, List<Integer> owners, double[][] sums) {
        INDArray clips = Nd4j.create(values, new long[] {scorer.batchSize(), VideoClip.CHANNELS, model.clipFrames(),
                model.clipHeight(), model.clipWidth()}, DataType.FLOAT);
        float[][] probabilities = scorer.probabilities(clips);
        clips.close();
        for (int row = 0; row < owners.size(); row++) {
            double[] sum = sums[owners.get(row)];
            for (int c = 0; c < sum.length; c++) {
                sum[c] += probabilities[row][c];
            }
        }
    }

    private VideoClip checked(VideoClip clip) throws UnreadableClipException {
        if (clip.frames() != model.clipFrames() || clip.height() != model.clipHeight() || clip.width() != model.clipWidth()) {
            throw new UnreadableClipException(clip.id() + ": " + clip.frames() + "x" + clip.height() + "x" + clip.width()
                    + " does not fit the model's " + model.clipFrames() + "x" + model.clipHeight() + "x"
                    + model.clipWidth());
        }
        return clip;
    }

    /** Returns the classes by falling score; ties go to the lower class. */
    static int[] ranked(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
