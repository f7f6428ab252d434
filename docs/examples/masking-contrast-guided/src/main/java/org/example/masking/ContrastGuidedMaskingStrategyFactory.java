package org.example.masking;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;

/** Registers {@link ContrastGuidedMaskingStrategy} as {@code contrast-guided}. */
public final class ContrastGuidedMaskingStrategyFactory implements MaskingStrategyFactory {

    @Override
    public String name() {
        return "contrast-guided";
    }

    @Override
    public String description() {
        return "Keeps visible, at random, mostly the tokens whose pixels vary the most (reads the clip)";
    }

    @Override
    public String spiVersion() {
        // SPI 1.2 or later: this plugin reads the clip's content.
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        return new ContrastGuidedMaskingStrategy(settings.getRatio("default-ratio"),
                settings.getDouble("uniform-share", 0, 1));
    }
}
