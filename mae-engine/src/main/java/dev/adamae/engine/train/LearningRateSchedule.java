package dev.adamae.engine.train;

/**
 * A linear warm-up from 0 to the peak learning rate, then a cosine decay to the minimum, per step.
 *
 * <p>Step {@code s} (counted from 0) trains with {@code peak * s / warmup} during the warm-up,
 * and with {@code min + (peak - min) * (1 + cos(pi * (s - warmup) / (steps - warmup))) / 2}
 * after it, so the last step's rate is just above the minimum.
 *
 * @param peak the rate at the end of the warm-up
 * @param min the rate the cosine decays to
 * @param warmupSteps steps of the warm-up; 0 starts at the peak
 * @param totalSteps steps of the run
 */
public record LearningRateSchedule(double peak, double min, int warmupSteps, int totalSteps) {

    public LearningRateSchedule {
        if (!(peak >= 0) || !(min >= 0) || min > peak) {
            throw new IllegalArgumentException("Learning rates must satisfy 0 <= min <= peak, got min " + min
                    + " and peak " + peak);
        }
        if (totalSteps < 1 || warmupSteps < 0) {
            throw new IllegalArgumentException("Steps must be positive, got " + totalSteps + " with warm-up "
                    + warmupSteps);
        }
    }

    /** Returns the learning rate of step {@code step}, counted from 0. */
    public double at(long step) {
        if (step < warmupSteps) {
            return peak * step / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
