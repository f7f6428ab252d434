package dev.adamae.masking.randompatch;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;

/** Registers {@link RandomPatchMaskingStrategy} as {@code random-patch}. */
public final class RandomPatchMaskingStrategyFactory implements MaskingStrategyFactory {

    @Override
    public String name() {
        return "random-patch";
    }

    @Override
    public String description() {
        return "Hides tokens chosen uniformly over space and time (SpatioTemporal MAE)";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        return new RandomPatchMaskingStrategy(settings.getRatio("default-ratio"));
    }
}
