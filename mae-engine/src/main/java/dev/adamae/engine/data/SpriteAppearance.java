package dev.adamae.engine.data;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the moving sprites look like ({@code adamae.data.moving-sprites.appearance}). */
public enum SpriteAppearance {
    /** Discs, squares, triangles, rings and crosses of one colour, drawn from their outlines. */
    SHAPES,
    /**
     * Fashion-MNIST's 28x28 grey images of clothes, tinted with the sprite's colour, their black
     * background transparent: real images, read from the folder Debian's {@code dataset-fashion-mnist} installs.
     */
    FASHION_MNIST;

    /** Returns the name used in the configuration, e.g. {@code fashion-mnist}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Returns the appearance named {@code name} in the configuration. */
    static SpriteAppearance ofSettingName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Returns the names of every appearance. */
    static Set<String> settingNames() {
        return Stream.of(values()).map(SpriteAppearance::settingName).collect(Collectors.toSet());
    }
}
