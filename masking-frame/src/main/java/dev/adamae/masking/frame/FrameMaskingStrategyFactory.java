package dev.adamae.masking.frame;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;

/** Registers {@link FrameMaskingStrategy} as {@code frame}. */
public final class FrameMaskingStrategyFactory implements MaskingStrategyFactory {

    @Override
    public String name() {
        return "frame";
    }

    @Override
    public String description() {
        return "Hides whole time slices of the token grid";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        return new FrameMaskingStrategy(settings.getRatio("default-ratio"));
    }
}
