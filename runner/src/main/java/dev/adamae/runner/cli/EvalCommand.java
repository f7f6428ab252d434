package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.finetune.ClassifierTester;
import dev.adamae.engine.finetune.Finetuner;
import dev.adamae.engine.finetune.LinearProbe;
import dev.adamae.engine.finetune.TestResult;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.model.VideoClassifierSpec;
import dev.adamae.engine.train.TrainingState;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.report.TestReport;
import dev.adamae.runner.train.EvaluationSettings;
import dev.adamae.runner.train.TrainingModule;
import dev.adamae.runner.train.ValidationData;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import me.tongfei.progressbar.ProgressBar;

/** Tests a fine-tuned classifier with several views per clip. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Tests a fine-tuning checkpoint on labelled clips with temporal clips x spatial crops per video, "
                + "predictions averaged. Writes DIR/results.json (top-1, top-5, confusion matrix) and DIR/confusion.png.")
public final class EvalCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true, description = "A fine-tuning checkpoint.")
    Path checkpoint;

    @Option(names = "--data", paramLabel = "embedded|PATH",
            description = "Labelled test clips (default: adamae.data.validation.source).")
    String data;

    @Option(names = "--views", paramLabel = "TxS",
            description = "Temporal clips x spatial crops per video, e.g. 2x3 (default: adamae.evaluation).")
    String views;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: the checkpoint's run folder, in eval-TxS).")
    Path out;

    @Inject
    Config config;

    @Inject
    ModelSettings model;

    @Inject
    ValidationData validation;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        flags.put(TrainingModule.VALIDATION_PATH + ".source", data);
        flags.putAll(EvaluationSettings.viewFlags(views));
        return options.request(flags);
    }

    @Override
    public Integer call() {
        EvaluationSettings evaluation = EvaluationSettings.from(config);
        TrainingState state = ClassifierJobs.read(checkpoint);
        String kind = state.identity().getProperty("kind");
        boolean probe = ClassifierJobs.PROBE.equals(kind);
        if (!ClassifierJobs.FINETUNE.equals(kind) && !probe) {
            throw new UsageException("Checkpoint " + checkpoint + " is " + (kind == null ? "a pre-training" : "a " + kind)
                    + " checkpoint, not a classifier: fine-tune or probe it first (adamae finetune|probe --checkpoint ...)");
        }
        ClipDataset test = validation.get();
        List<String> classes = ClassifierJobs.classNames(test, "testing");
        String trained = state.identity().getProperty("classes");
        if (trained != null && !trained.equals(String.join(",", classes))) {
            throw new UsageException("Checkpoint " + checkpoint + " was trained on classes [" + shorten(trained)
                    + "], data " + test.description() + " has [" + shorten(String.join(",", classes)) + "]");
        }
        VideoClassifierSpec.Pooling pooling;
        try {
            // Probes written before pooling was a setting took the tokens' mean.
            pooling = VideoClassifierSpec.Pooling.named(state.identity().getProperty(ClassifierJobs.POOLING,
                    VideoClassifierSpec.Pooling.MEAN.configName()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("Checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
        VideoClassifierGraph graph = VideoClassifierGraph.build(new VideoClassifierSpec(model, evaluation.batchSize(),
                classes.size(), probe ? VideoClassifierSpec.Head.FEATURES : VideoClassifierSpec.Head.CLASSIFIER, 0.0, 0,
                pooling));
        ClassifierTester.Scorer scorer;
        try {
            graph.loadAll(state.parameters());
            scorer = probe ? LinearProbe.of(state.parameters()).scorer(graph) : Finetuner.scorerOf(graph, () -> { });
        } catch (IllegalArgumentException e) {
            throw new UsageException("Checkpoint " + checkpoint + " does not fit: " + e.getMessage(), e);
        }
        Path dir = out != null ? out : defaultDir(evaluation);
        console.err().printf("eval: %s (step %d) on %s, %dx%d views%n", checkpoint, state.step(), test.description(),
                evaluation.temporalViews(), evaluation.spatialViews());
        console.err().flush();
        TestResult result;
        try (ProgressBar bar = System.console() == null ? null : new ProgressBar("eval", test.size())) {
            result = new ClassifierTester(model, console::warn).test(scorer, test,
                    evaluation.temporalViews(), evaluation.spatialViews(), done -> {
                        if (bar != null) {
                            bar.stepTo(done);
                        }
                    });
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("checkpoint", checkpoint.toAbsolutePath().normalize().toString());
        fields.put("step", state.step());
        fields.putAll(TestReport.fields(result));
        ClassifierJobs.report(dir, fields, result, console);
        return 0;
    }

    private Path defaultDir(EvaluationSettings evaluation) {
        Path parent = checkpoint.toAbsolutePath().getParent();
        Path run = parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("checkpoints")
                ? parent.getParent() : parent;
        return run.resolve("eval-" + evaluation.temporalViews() + "x" + evaluation.spatialViews());
    }

    private static String shorten(String names) {
        List<String> list = Arrays.asList(names.split(","));
        return list.size() <= 6 ? names : String.join(",", list.subList(0, 6)) + ",... (" + list.size() + ")";
    }
}
