package dev.adamae.runner;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.TrainingState;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A run folder as {@code adamae pretrain} leaves it, made without training: a checkpoint of an
 * untrained {@code test}-preset model, described as pre-training describes its checkpoints, and
 * the run's {@code config.conf}.
 */
final class UntrainedRun {

    private UntrainedRun() {
    }

    /** Writes the run into {@code dir} and returns its checkpoint file. */
    static Path write(Path dir, String strategyName, double ratio) throws IOException {
        Config config = new ConfigLoader(null).load(new ConfigRequest("test", List.of(), List.of(),
                Map.of("adamae.masking.strategy", strategyName, "adamae.masking.ratio", ratio)),
                ConfigFactory.defaultReference());
        ModelSettings model = ModelSettings.from(config);
        MaskingStrategy strategy = factory(strategyName).create(Settings.ofStrategy(config, strategyName));
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 2, strategy.visibleCount(model.grid(),
                ratio), LossType.MSE_NORMALIZED, 5), strategy.learnedSampler());
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        for (String name : graph.trainableVariables()) {
            parameters.put(name, graph.sameDiff().getVariable(name).getArr());
        }
        Properties identity = new Properties();
        identity.setProperty("model", model.toString());
        identity.setProperty("strategy", strategyName);
        identity.setProperty("ratio", Double.toString(ratio));
        identity.setProperty("loss", LossType.MSE_NORMALIZED.configName());
        Path checkpoint = new CheckpointStore(dir.resolve("checkpoints"), 3)
                .write(new TrainingState(0, identity, parameters, 0, Map.of(), Map.of()));
        Files.writeString(dir.resolve("config.conf"), "# The resolved configuration of this run.\n"
                + "adamae { preset = test, masking { strategy = " + strategyName + ", ratio = " + ratio + " } }\n");
        return checkpoint;
    }

    private static MaskingStrategyFactory factory(String name) {
        return ServiceLoader.load(MaskingStrategyFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(factory -> factory.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No masking strategy " + name + " on the class path"));
    }
}
