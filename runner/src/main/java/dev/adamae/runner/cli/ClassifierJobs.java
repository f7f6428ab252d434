package dev.adamae.runner.cli;

import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.finetune.TestResult;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.TrainingState;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.report.ConfusionMatrixImage;
import dev.adamae.runner.train.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the commands that train or test classifiers share. */
final class ClassifierJobs {

    /** The identity {@code kind} of a fine-tuning checkpoint. */
    static final String FINETUNE = "finetune";

    /** The identity {@code kind} of a linear probe's checkpoint. */
    static final String PROBE = "probe";

    /** The identity key of a linear probe's pooling ({@code mean} when absent). */
    static final String POOLING = "pooling";

    private ClassifierJobs() {
    }

    /**
     * Returns the class names of {@code data}.
     *
     * @throws UsageException when it has no labels
     */
    static List<String> classNames(ClipDataset data, String task) {
        List<String> classes = data.classNames();
        if (classes.isEmpty()) {
            throw new UsageException("Data " + data.description() + " has no labels: " + task
                    + " needs labelled clips (a folder whose first level names the class, or a list file of 'path label')");
        }
        if (classes.size() < 2) {
            throw new UsageException("Data " + data.description() + " has a single class, " + classes.get(0)
                    + ": a classifier needs at least 2");
        }
        return classes;
    }

    /**
     * Checks that training and validation data name the same classes in the same order.
     *
     * @throws UsageException naming the first difference
     */
    static void checkSameClasses(ClipDataset training, ClipDataset validation) {
        List<String> ours = training.classNames();
        List<String> theirs = validation.classNames();
        if (!ours.equals(theirs)) {
            throw new UsageException("Validation data " + validation.description() + " has classes " + shortList(theirs)
                    + ", the training data " + shortList(ours) + ": they must be the same, in the same order");
        }
    }

    private static String shortList(List<String> names) {
        return names.size() <= 6 ? names.toString()
                : names.subList(0, 6) + " and " + (names.size() - 6) + " more (" + names.size() + " in all)";
    }

    /**
     * Reads a checkpoint and loads its tokenizer and encoder into {@code graph}.
     *
     * @return a description of the start, for logs and the run's identity
     * @throws UsageException when the file is missing, not a checkpoint, or holds another model's encoder
     */
    static String loadEncoder(VideoClassifierGraph graph, Path checkpoint, Console console) {
        TrainingState state = read(checkpoint);
        List<String> unused;
        try {
            unused = graph.loadEncoder(state.parameters());
        } catch (IllegalArgumentException e) {
            throw new UsageException("Checkpoint " + checkpoint + " does not fit this preset: " + e.getMessage(), e);
        }
        console.err().printf("encoder from %s (step %d); left out %d variables it does not use (%s)%n",
                checkpoint, state.step(), unused.size(), summary(unused));
        return "checkpoint " + checkpoint.toAbsolutePath().normalize() + " step " + state.step();
    }

    /** Reads a checkpoint, turning its problems into one-line usage errors. */
    static TrainingState read(Path checkpoint) {
        if (!Files.isRegularFile(checkpoint)) {
            throw new UsageException("Checkpoint " + checkpoint + ": no such file");
        }
        try {
            return CheckpointStore.read(checkpoint);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static String summary(List<String> names) {
        return names.stream().map(name -> name.contains("/") ? name.substring(0, name.indexOf('/')) : name)
                .distinct().reduce((a, b) -> a + ", " + b).orElse("none");
    }

    /** Writes {@code results.json} and {@code confusion.png} to {@code dir} and prints the headline figures. */
    static void report(Path dir, Map<String, Object> fields, TestResult result, Console console) {
        Path json = RunFolder.writeJson(dir.resolve("results.json"), fields);
        Path image = ConfusionMatrixImage.write(result, dir.resolve("confusion.png"));
        console.out().printf(Locale.ROOT, "top1      %.4f%ntop5      %.4f%nclips     %d (%d skipped)%nviews     %dx%d%n"
                        + "results   %s%nconfusion %s%n", result.top1(), result.top5(), result.clips(), result.skipped(),
                result.temporalViews(), result.spatialViews(), json, image);
        console.out().flush();
    }
}
