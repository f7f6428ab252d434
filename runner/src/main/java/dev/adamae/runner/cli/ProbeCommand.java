package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.finetune.ClassifierTester;
import dev.adamae.engine.finetune.LinearProbe;
import dev.adamae.engine.finetune.ProbeSettings;
import dev.adamae.engine.finetune.TestResult;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.model.VideoClassifierSpec;
import dev.adamae.engine.train.TrainingState;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.report.TestReport;
import dev.adamae.runner.train.EvaluationSettings;
import dev.adamae.runner.train.PhaseTimes;
import dev.adamae.runner.train.RunFolder;
import dev.adamae.runner.train.ValidationData;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a linear probe on a pre-trained encoder's frozen features, then tests it. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Linear probe: reads every training clip once through the frozen encoder of a pre-training "
                + "checkpoint (or, with --scratch, of an encoder never pre-trained: the weights adamae.probe.seed "
                + "initialises), trains a linear classifier on the pooled features, and tests it with several views per "
                + "clip. Writes DIR/metrics.jsonl (one line per epoch), DIR/config.conf, DIR/checkpoints/, "
                + "DIR/results.json and DIR/confusion.png.")
public final class ProbeCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    LabelledDataOptions labelled = new LabelledDataOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    EncoderStart start;

    @Option(names = "--epochs", paramLabel = "E", description = "Passes over the features (default: adamae.probe.epochs).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the probe's weights, the order of the features "
            + "and, with --scratch, the encoder's weights (default: adamae.probe.seed).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/<preset>-probe-<time>).")
    Path out;

    @Inject
    Config config;

    @Inject
    ModelSettings model;

    @Inject
    ClipDataset dataset;

    @Inject
    ValidationData validation;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        labelled.addTo(flags);
        flags.put(ProbeSettings.PATH + ".epochs", epochs);
        flags.put(ProbeSettings.PATH + ".seed", seed);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        PhaseTimes times = PhaseTimes.start();
        ProbeSettings settings = ProbeSettings.from(config);
        EvaluationSettings evaluation = EvaluationSettings.from(config);
        List<String> classes = ClassifierJobs.classNames(dataset, "a linear probe");
        ClipDataset test = validation.get();
        ClassifierJobs.checkSameClasses(dataset, test);
        RunFolder folder = RunFolder.open(out, config.getString("adamae.preset") + "-probe", 1, false);
        try (RunFolder.Lock lock = folder.lock()) {
            return probe(folder, settings, evaluation, classes, test, times);
        }
    }

    private int probe(RunFolder folder, ProbeSettings settings, EvaluationSettings evaluation, List<String> classes,
            ClipDataset test, PhaseTimes times) {
        folder.resumePoint(false);
        VideoClassifierGraph graph = VideoClassifierGraph.build(new VideoClassifierSpec(model, evaluation.batchSize(),
                classes.size(), VideoClassifierSpec.Head.FEATURES, 0.0, settings.seed(), settings.pooling()));
        String init = start.apply(graph, console);
        folder.writeConfig(config);
        times.lap("build");

        console.err().printf("probe: reading %s through the frozen encoder%n", dataset.description());
        console.err().flush();
        LinearProbe.Features features = LinearProbe.extract(graph, dataset, console::warn, done -> { });
        times.lap("extract");
        if (features.variance() != null) {
            console.err().printf(Locale.ROOT, "probe: variance of the token features: place %.3f, clip %.3f, token %.3f"
                    + " (a clip share near 1: every token of a clip says the same)%n", features.variance().place(),
                    features.variance().clip(), features.variance().token());
        }
        try (BufferedWriter metrics = Files.newBufferedWriter(folder.metrics())) {
            LinearProbe probe = LinearProbe.train(features, classes.size(), settings, (epoch, loss, top1, rate) -> {
                try {
                    metrics.write(String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%s,\"train_top1\":%.4f,\"lr\":%s}%n",
                            epoch, loss, top1, rate));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Map<String, org.nd4j.linalg.api.ndarray.INDArray> parameters = new LinkedHashMap<>(graph.parameters());
            parameters.putAll(probe.parameters());
            Properties identity = new Properties();
            identity.setProperty("kind", ClassifierJobs.PROBE);
            identity.setProperty("model", model.toString());
            identity.setProperty("classes", String.join(",", classes));
            identity.setProperty("init", init);
            identity.setProperty(ClassifierJobs.POOLING, settings.pooling().configName());
            identity.setProperty("data", dataset.description());
            times.lap("train");
            Path saved = folder.checkpoints().write(new TrainingState(settings.epochs(), identity, parameters, 0,
                    Map.of(), Map.of()));
            console.err().printf("probe: checkpoint %s%nprobe: testing on %s with %dx%d views%n", saved,
                    test.description(), evaluation.temporalViews(), evaluation.spatialViews());
            console.err().flush();
            TestResult result = new ClassifierTester(model, console::warn).test(probe.scorer(graph), test,
                    evaluation.temporalViews(), evaluation.spatialViews(), done -> { });
            times.lap("test");
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("init", init);
            fields.put("epochs", settings.epochs());
            fields.put("pooling", settings.pooling().configName());
            fields.put("training_clips", features.values().length);
            if (features.variance() != null) {
                Map<String, Object> variance = new LinkedHashMap<>();
                variance.put("place", features.variance().place());
                variance.put("clip", features.variance().clip());
                variance.put("token", features.variance().token());
                fields.put("token_variance", variance);
            }
            fields.putAll(TestReport.fields(result));
            fields.put("timing", times.fields());
            fields.put("output", folder.dir().toString());
            ClassifierJobs.report(folder.dir(), fields, result, console);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + folder.metrics() + ": " + e.getMessage(), e);
        }
        return 0;
    }
}
