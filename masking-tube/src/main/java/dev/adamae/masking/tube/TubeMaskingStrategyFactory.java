package dev.adamae.masking.tube;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;

/** Registers {@link TubeMaskingStrategy} as {@code tube}. */
public final class TubeMaskingStrategyFactory implements MaskingStrategyFactory {

    @Override
    public String name() {
        return "tube";
    }

    @Override
    public String description() {
        return "Hides the same spatial positions in every time slice (VideoMAE)";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        return new TubeMaskingStrategy(settings.getRatio("default-ratio"));
    }
}
