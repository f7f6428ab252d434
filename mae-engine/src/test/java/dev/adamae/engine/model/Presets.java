package dev.adamae.engine.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.engine.ModelSettings;
import java.io.File;

/** The project's model presets, read as the runner reads them: preset over the reference defaults. */
final class Presets {

    private Presets() {
    }

    /** Returns the configuration of preset {@code name}, e.g. {@code test}. */
    static Config config(String name) {
        File file = new File("../conf/presets/" + name + ".conf");
        if (!file.isFile()) {
            throw new IllegalStateException("No preset file " + file.getAbsolutePath());
        }
        return ConfigFactory.parseFile(file).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    /** Returns the model settings of preset {@code name}. */
    static ModelSettings model(String name) {
        return ModelSettings.from(config(name));
    }

    /**
     * Returns a small model whose clip and tubelet sides all differ (grid 2x4x3 of 2x4x8
     * tubelets), so that a swapped axis shows in a test.
     */
    static ModelSettings unevenModel() {
        ModelSettings.Transformer transformer = new ModelSettings.Transformer(8, 1, 2, 2.0);
        return new ModelSettings(4, 16, 24, 2, 4, 8, transformer, transformer, 2);
    }
}
