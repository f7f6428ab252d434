package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import dev.adamae.api.LearnedSampler;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.ModelShapes;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.train.CheckpointWriter;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.runner.weights.KeyPrefix;
import dev.adamae.runner.weights.StateDictConversion;
import dev.adamae.runner.weights.StateDictFile;
import dev.adamae.runner.weights.StateDictNames;
import dev.adamae.runner.weights.TensorEntry;
import dev.adamae.runner.weights.WeightFileException;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Turns a VideoMAE/AdaMAE state dict (safetensors or a PyTorch checkpoint) into one of our checkpoints. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports a VideoMAE/AdaMAE state dict (safetensors, or a PyTorch .pth/.pt zip read without "
                + "running code) as a checkpoint of the preset: a pre-training one, or a fine-tuning one when the file "
                + "has a classifier head. Every mismatch is refused in one line; nothing is written then.")
public final class ImportCommand implements Job {

    /** The state-dict key whose presence makes a file a fine-tuned classifier's. */
    static final String CLASSIFIER_HEAD = "head.weight";

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    MaskingOptions masking = new MaskingOptions();

    @Option(names = "--from", paramLabel = "FILE", required = true,
            description = "The weight file: .safetensors, or a PyTorch .pth/.pt (its 'model' or 'module' entry if wrapped).")
    Path from;

    @Option(names = "--prefix", paramLabel = "PFX",
            description = "A prefix to strip from every key (e.g. module.), or with a leading + to add (e.g. +encoder.).")
    String prefix;

    @Option(names = "--out", paramLabel = "CKPT", required = true, description = "The checkpoint to write; must not exist.")
    Path out;

    @Inject
    Config config;

    @Inject
    ModelSettings model;

    @Inject
    MaskingSelection selection;

    @Inject
    LossType lossType;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        masking.addTo(flags);
        return options.request(flags);
    }

    /**
     * The pre-training model's variables: the table written out from the preset, with a learned
     * sampler's own list; only a sampler that does not list its own makes the graph be built (and
     * ND4J start) to learn them.
     */
    private Map<String, long[]> pretrainingShapes() {
        Optional<LearnedSampler> sampler = selection.strategy().learnedSampler();
        return ModelShapes.pretraining(model, sampler).orElseGet(() -> VideoMaeGraph.parameterShapes(
                new VideoMaeGraphSpec(model, 1, selection.strategy().visibleCount(model.grid(), selection.ratio()),
                        lossType, 0), sampler));
    }

    @Override
    public Integer call() {
        if (Files.exists(out)) {
            throw new UsageException("Output " + out + " already exists; importing never overwrites a file");
        }
        long started = System.nanoTime();
        String preset = config.getString("adamae.preset");
        KeyPrefix keyPrefix = KeyPrefix.parse(prefix);
        try (StateDictFile file = StateDictFile.open(from)) {
            long opened = System.nanoTime();
            TensorEntry head = null;
            for (Map.Entry<String, TensorEntry> entry : file.entries().entrySet()) {
                if (keyPrefix.apply(entry.getKey(), file.description()).equals(CLASSIFIER_HEAD)) {
                    head = entry.getValue();
                }
            }
            Properties identity = new Properties();
            Map<String, long[]> shapes;
            StateDictNames.Kind kind;
            if (head != null) {
                if (head.shape().length != 2 || head.shape()[0] < 2) {
                    throw new UsageException(file.description() + " does not fit preset " + preset + ": key "
                            + CLASSIFIER_HEAD + " is " + java.util.Arrays.toString(head.shape())
                            + ", a classifier head's is [classes >= 2, " + model.encoder().width() + "]");
                }
                kind = StateDictNames.Kind.CLASSIFIER;
                int classes = (int) head.shape()[0];
                shapes = ModelShapes.classifier(model, classes);
                identity.setProperty("kind", ClassifierJobs.FINETUNE);
                identity.setProperty("class-count", Integer.toString(classes));
            } else {
                kind = StateDictNames.Kind.PRETRAINING;
                shapes = pretrainingShapes();
                identity.setProperty("strategy", selection.name());
                identity.setProperty("ratio", Double.toString(selection.ratio()));
            }
            long learnt = System.nanoTime();
            // Every key and shape is checked before anything is written.
            Map<String, String> plan = StateDictConversion.plan(file, keyPrefix, shapes, kind, model, preset);
            identity.setProperty("model", model.toString());
            identity.setProperty("preset", preset);
            identity.setProperty("imported-from", from.toAbsolutePath().normalize().toString());
            identity.setProperty("imported-format", file.format());
            identity.setProperty("imported-keys", Integer.toString(file.entries().size()));
            identity.setProperty("imported-prefix", keyPrefix.toString());
            // Each tensor is read, converted and written in turn: the model is never held whole.
            StateDictConversion.Timings[] timings = new StateDictConversion.Timings[1];
            CheckpointWriter.writeWeights(out, identity, plan.size(),
                    writer -> timings[0] = StateDictConversion.stream(file, plan, shapes, model, writer::parameter));
            long written = System.nanoTime();
            StateDictConversion.Timings streamed = timings[0];
            long syncing = written - learnt - streamed.reading() - streamed.converting() - streamed.writing();
            console.out().printf(Locale.ROOT, "imported %d tensors (%,d values) from %s as a %s checkpoint of preset %s: "
                            + "%s%n(%.2f s: opening the file %.2f s, learning the model's variables %.2f s, "
                            + "reading %.2f s, converting %.2f s, writing %.2f s, checking, closing and syncing to disk "
                            + "%.2f s)%n",
                    plan.size(), streamed.values(), from, kind == StateDictNames.Kind.CLASSIFIER ? "fine-tuning"
                            : "pre-training", preset, out, (written - started) / 1e9, (opened - started) / 1e9,
                    (learnt - opened) / 1e9,
                    streamed.reading() / 1e9, streamed.converting() / 1e9, streamed.writing() / 1e9, syncing / 1e9);
            console.out().flush();
            return 0;
        } catch (WeightFileException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
