package dev.adamae.masking.motionguided;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;

/** Registers {@link MotionGuidedMaskingStrategy} as {@code motion-guided}. */
public final class MotionGuidedMaskingStrategyFactory implements MaskingStrategyFactory {

    /** The lowest temperature a run may set: below it the weights of small scores underflow to 0. */
    static final double LOWEST_TEMPERATURE = 0.05;

    /** The highest temperature a run may set: above it the motion barely matters. */
    static final double HIGHEST_TEMPERATURE = 20;

    @Override
    public String name() {
        return MotionGuidedMaskingStrategy.NAME;
    }

    @Override
    public String description() {
        return "Keeps visible the tokens where the clip moves, from frame differences, with a uniform share (after MGMAE)";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        return new MotionGuidedMaskingStrategy(settings.getRatio("default-ratio"),
                settings.getDouble("uniform-share", 0, 1),
                settings.getDouble("temperature", LOWEST_TEMPERATURE, HIGHEST_TEMPERATURE));
    }
}
