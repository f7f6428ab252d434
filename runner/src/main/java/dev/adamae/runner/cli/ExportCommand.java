package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.train.TrainingState;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.weights.FloatTensor;
import dev.adamae.runner.weights.KeyPrefix;
import dev.adamae.runner.weights.SafeTensors;
import dev.adamae.runner.weights.StateDictConversion;
import dev.adamae.runner.weights.StateDictNames;
import dev.adamae.runner.weights.WeightFileException;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a checkpoint's weights as a VideoMAE/AdaMAE state dict in safetensors. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Exports a pre-training or fine-tuning checkpoint as a VideoMAE/AdaMAE state dict in safetensors "
                + "(the authors' names and layouts, F32), loadable with safetensors.torch.load_file and load_state_dict.")
public final class ExportCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--checkpoint", paramLabel = "CKPT", required = true,
            description = "A pre-training or fine-tuning checkpoint (of the preset given with --preset).")
    Path checkpoint;

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "The .safetensors file to write.")
    Path to;

    @Option(names = "--prefix", paramLabel = "PFX", description = "A prefix to put before every key (e.g. module., or +module. as import spells an added one).")
    String prefix;

    @Inject
    Config config;

    @Inject
    ModelSettings model;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        return options.request(Map.of());
    }

    @Override
    public Integer call() {
        String name = to.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pth") || name.endsWith(".pt")) {
            throw new UsageException("Export writes safetensors, not a pickle: name the file " + to.getFileName()
                    + " .safetensors (torch loads it with safetensors.torch.load_file)");
        }
        TrainingState state = ClassifierJobs.read(checkpoint);
        String kind = state.identity().getProperty("kind");
        if (ClassifierJobs.PROBE.equals(kind)) {
            throw new UsageException("Checkpoint " + checkpoint + " is a linear probe's, which has no counterpart in "
                    + "the authors' models; export the pre-training checkpoint it probed");
        }
        String preset = config.getString("adamae.preset");
        String made = state.identity().getProperty("model");
        if (made != null && !made.equals(model.toString())) {
            throw new UsageException("Checkpoint " + checkpoint + " was made with another model than preset " + preset
                    + ": pass its preset with --preset (the checkpoint's model: " + made + ")");
        }
        StateDictNames.Kind stateDict = ClassifierJobs.FINETUNE.equals(kind) ? StateDictNames.Kind.CLASSIFIER
                : StateDictNames.Kind.PRETRAINING;
        KeyPrefix keyPrefix = prefix == null || prefix.isEmpty() ? KeyPrefix.NONE
                : new KeyPrefix(prefix.startsWith("+") ? prefix.substring(1) : prefix, true);
        try {
            Map<String, FloatTensor> tensors = StateDictConversion.exportTo(state.parameters(), stateDict, keyPrefix,
                    model);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", "pt");
            metadata.put("producer", "AdaMAE-J");
            metadata.put("preset", preset);
            metadata.put("kind", stateDict == StateDictNames.Kind.CLASSIFIER ? "finetune" : "pretrain");
            metadata.put("source", checkpoint.toAbsolutePath().normalize().toString());
            metadata.put("step", Long.toString(state.step()));
            SafeTensors.write(to, tensors, metadata);
            long values = tensors.values().stream().mapToLong(tensor -> tensor.values().length).sum();
            console.out().printf("exported %d tensors (%,d values) of %s to %s%n", tensors.size(), values, checkpoint, to);
            console.out().flush();
            return 0;
        } catch (WeightFileException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
