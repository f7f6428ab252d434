package dev.adamae.engine.data;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How a moving-sprites clip is painted ({@code adamae.data.moving-sprites.scene}). */
public enum SceneStyle {
    /**
     * Structure that a masked autoencoder can infer from what it sees: a background of large
     * regions split by straight edges that run across the frame, each region shaded by a strong
     * colour ramp, and sprites filled with stripes that ride with them. No tubelet of the
     * background is flat, and what a hidden tubelet shows continues from its neighbours.
     */
    TEXTURED,
    /**
     * The first embedded set: a smooth gradient with soft blobs, and sprites of one flat colour.
     * Most background tubelets are nearly flat, so under normalised-pixel targets they are mostly
     * the background's pixel noise.
     */
    PLAIN;

    /** Returns the name used in the configuration, e.g. {@code textured}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the style named {@code name} in the configuration. */
    static SceneStyle ofSettingName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Returns the names of every style. */
    static Set<String> settingNames() {
        return Stream.of(values()).map(SceneStyle::settingName).collect(Collectors.toSet());
    }
}
