package org.example.masking;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;

/** Registers {@link SliceBalancedMaskingStrategy} as {@code slice-balanced}. */
public final class SliceBalancedMaskingStrategyFactory implements MaskingStrategyFactory {

    @Override
    public String name() {
        return "slice-balanced";
    }

    @Override
    public String description() {
        return "Hides the same number of random tokens in every time slice";
    }

    @Override
    public String spiVersion() {
        // A compile-time constant: the SPI version this plugin is compiled against.
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        // Read and check every setting here, so that a wrong value fails at start-up.
        return new SliceBalancedMaskingStrategy(settings.getRatio("default-ratio"));
    }
}
