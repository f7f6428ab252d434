package dev.adamae.masking.runningcell;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;

/** Registers {@link RunningCellMaskingStrategy} as {@code running-cell}. */
public final class RunningCellMaskingStrategyFactory implements MaskingStrategyFactory {

    @Override
    public String name() {
        return "running-cell";
    }

    @Override
    public String description() {
        return "Hides the same tokens of every 2x2 cell, running through the cell over time (VideoMAE V2)";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        double ratio = settings.getRatio("default-ratio");
        try {
            RunningCellMaskingStrategy.hiddenPerCell(ratio);
        } catch (IllegalArgumentException e) {
            throw settings.invalid("default-ratio", "running-cell hides 1, 2 or 3 of the 4 tokens of each 2x2 cell: "
                    + "use 0.25, 0.5 or 0.75");
        }
        return new RunningCellMaskingStrategy(ratio);
    }
}
