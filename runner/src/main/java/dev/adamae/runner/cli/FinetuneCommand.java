package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.finetune.ClassifierTester;
import dev.adamae.engine.finetune.FinetuneMetrics;
import dev.adamae.engine.finetune.FinetuneSettings;
import dev.adamae.engine.finetune.Finetuner;
import dev.adamae.engine.finetune.TestResult;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.model.VideoClassifierSpec;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.ClipBatches;
import dev.adamae.engine.train.DataLoading;
import dev.adamae.engine.train.MetricsLog;
import dev.adamae.engine.train.TrainingDivergedException;
import dev.adamae.runner.Console;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.report.TestReport;
import dev.adamae.runner.train.EvaluationSettings;
import dev.adamae.runner.train.PhaseTimes;
import dev.adamae.runner.train.ProgressDisplay;
import dev.adamae.runner.train.RunFolder;
import dev.adamae.runner.train.ValidationData;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Fine-tunes a classifier end to end on a pre-trained encoder, or from scratch, then tests it. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tunes a classifier on labelled clips, starting from a pre-training checkpoint's encoder "
                + "(--checkpoint) or from scratch (--scratch), validates it every epoch and tests it with several "
                + "views per clip at the end. Writes DIR/metrics.jsonl, DIR/config.conf, DIR/checkpoints/, "
                + "DIR/results.json (top-1, top-5, confusion matrix) and DIR/confusion.png.")
public final class FinetuneCommand implements Job {

    @ArgGroup(exclusive = true, multiplicity = "1")
    EncoderStart start;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    LabelledDataOptions labelled = new LabelledDataOptions();

    @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training clips (default: adamae.finetune.epochs).")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "N", description = "Optimiser steps instead of epochs (default: adamae.finetune.steps).")
    Integer steps;

    @Option(names = "--batch", paramLabel = "B", description = "Clips per step (default: adamae.finetune.batch-size).")
    Integer batch;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the head, data order, mixing and drop path (default: adamae.finetune.seed).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: runs/<preset>-finetune-<time>); with --resume, the run to continue.")
    Path out;

    @Option(names = "--resume", description = "Continues the run in --out from its newest checkpoint.")
    boolean resume;

    @Inject
    Config config;

    @Inject
    ModelSettings model;

    @Inject
    ClipDataset dataset;

    @Inject
    ValidationData validation;

    @Inject
    DataLoading loading;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        labelled.addTo(flags);
        flags.put(FinetuneSettings.PATH + ".epochs", epochs);
        flags.put(FinetuneSettings.PATH + ".steps", steps);
        flags.put(FinetuneSettings.PATH + ".batch-size", batch);
        flags.put(FinetuneSettings.PATH + ".seed", seed);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        PhaseTimes times = PhaseTimes.start();
        FinetuneSettings settings = FinetuneSettings.from(config);
        EvaluationSettings evaluation = EvaluationSettings.from(config);
        List<String> classes = ClassifierJobs.classNames(dataset, "fine-tuning");
        ClipDataset validationSet = validation.get();
        ClassifierJobs.checkSameClasses(dataset, validationSet);

        RunFolder folder = RunFolder.open(out, config.getString("adamae.preset") + "-finetune", settings.keep(), resume);
        try (RunFolder.Lock lock = folder.lock()) {
            return train(folder, settings, evaluation, classes, validationSet, times);
        }
    }

    private int train(RunFolder folder, FinetuneSettings settings, EvaluationSettings evaluation, List<String> classes,
            ClipDataset validationSet, PhaseTimes times) {
        Optional<Path> resumeFrom = folder.resumePoint(resume);
        VideoClassifierGraph graph = VideoClassifierGraph.build(new VideoClassifierSpec(model, settings.batchSize(),
                classes.size(), VideoClassifierSpec.Head.CLASSIFIER, settings.dropPath(), settings.seed()));
        String init = start.apply(graph, console);
        times.lap("build");
        int total = settings.totalSteps(dataset.size());
        ClassifierTester tester = new ClassifierTester(model, console::warn);
        ClipBatches batches = new ClipBatches(dataset, settings.batchSize(), settings.seed(), model, loading,
                console::warn);
        Finetuner[] loop = new Finetuner[1];
        loop[0] = new Finetuner(graph, batches, settings, dataset.size(), folder.checkpoints(),
                identity(settings, classes, init, validationSet),
                recycle -> tester.test(loop[0].scorer(recycle), validationSet, 1, 1, done -> { }),
                List.of(new MetricsLog(folder.metrics()),
                        new ProgressDisplay("finetune", System.console() != null, console.err())));
        long first;
        try {
            // Every check of the checkpoint comes before anything in the folder is written.
            first = loop[0].restore(resumeFrom);
        } catch (CheckpointException e) {
            batches.close();
            throw new UsageException(e.getMessage(), e);
        }
        folder.writeConfig(config);
        console.err().printf(Locale.ROOT, "finetune: %s, %s parameters, %d classes, %s, batch %d, %d steps "
                        + "(%d a pass) -> %s%n", init, String.format("%,d", graph.parameterCount()), classes.size(),
                dataset.description(), settings.batchSize(), total, settings.stepsPerEpoch(dataset.size()),
                folder.dir());
        console.err().flush();
        FinetuneMetrics last;
        try {
            last = loop[0].run(first);
        } catch (TrainingDivergedException e) {
            throw new RunFailedException(e.getMessage(), e);
        }
        times.lap("train");
        console.err().printf("finetune: testing on %s with %dx%d views%n", validationSet.description(),
                evaluation.temporalViews(), evaluation.spatialViews());
        console.err().flush();
        TestResult result = tester.test(loop[0].scorer(loop[0].recycler()), validationSet, evaluation.temporalViews(),
                evaluation.spatialViews(), done -> { });
        times.lap("test");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("init", init);
        fields.put("steps", total);
        fields.put("final_loss", last == null ? null : last.loss());
        fields.putAll(TestReport.fields(result));
        fields.put("timing", times.fields());
        fields.put("output", folder.dir().toString());
        ClassifierJobs.report(folder.dir(), fields, result, console);
        return 0;
    }

    /** Describes the run; a checkpoint resumes only a run with the same description. */
    private Properties identity(FinetuneSettings settings, List<String> classes, String init, ClipDataset validationSet) {
        Properties identity = new Properties();
        identity.setProperty("kind", ClassifierJobs.FINETUNE);
        identity.setProperty("model", model.toString());
        identity.setProperty("classes", String.join(",", classes));
        identity.setProperty("init", init);
        identity.setProperty("data", dataset.description());
        identity.setProperty("validation", validationSet.description());
        identity.setProperty("batch", Integer.toString(settings.batchSize()));
        identity.setProperty("seed", Long.toString(settings.seed()));
        identity.setProperty("recipe", String.format(Locale.ROOT,
                "base-lr %s, min-lr %s, warm-up %s epochs, betas %s/%s, epsilon %s, weight decay %s, layer decay %s, "
                        + "drop path %s, %s", settings.baseLearningRate(), settings.minLearningRate(),
                settings.warmupEpochs(), settings.beta1(), settings.beta2(), settings.epsilon(), settings.weightDecay(),
                settings.layerDecay(), settings.dropPath(), settings.mixing()));
        return identity;
    }
}
