package dev.adamae.api;

/**
 * Where training stands when a batch's masks are drawn, for strategies whose ratio, temperature
 * or curriculum changes as training goes on.
 *
 * @param step the 0-based index of the step the masks are for
 * @param totalSteps the steps the run trains for in all; {@code step < totalSteps}
 * @since SPI 1.2
 */
public record TrainingProgress(long step, long totalSteps) {

    public TrainingProgress {
        if (totalSteps < 1 || step < 0 || step >= totalSteps) {
            throw new IllegalArgumentException("A training step must lie in [0, totalSteps) with totalSteps >= 1, got step "
                    + step + " of " + totalSteps);
        }
    }

    /** Returns how far training is, {@code step / totalSteps}, in [0, 1). */
    public double fraction() {
        return (double) step / totalSteps;
    }
}
