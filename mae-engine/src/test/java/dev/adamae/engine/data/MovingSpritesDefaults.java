package dev.adamae.engine.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.Settings;

/** The moving-sprites defaults, read from the engine's reference.conf, and settings built from them. */
final class MovingSpritesDefaults {

    /** The clip size of the 'test' preset: frames, height, width. */
    static final int[] TEST_PRESET = {4, 32, 32};

    /** The clip size of the 'tiny' preset: frames, height, width. */
    static final int[] TINY_PRESET = {16, 64, 64};

    private MovingSpritesDefaults() {}

    /** Returns the configuration of the defaults with {@code overrides} (HOCON) on top. */
    static Config config(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    /** Returns the settings of the defaults with {@code overrides} (HOCON) on top. */
    static MovingSpritesSettings settings(String overrides) {
        return MovingSpritesSettings.from(Settings.section(config(overrides), MovingSpritesSettings.PATH));
    }

    /** Returns the data set of the defaults with {@code overrides} at clip size {@code size}. */
    static MovingSpritesDataset dataset(int[] size, String overrides) {
        return new MovingSpritesDataset(size[0], size[1], size[2], settings(overrides));
    }
}
