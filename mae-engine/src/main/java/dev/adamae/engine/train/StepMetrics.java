package dev.adamae.engine.train;

/**
 * What one training step measured.
 *
 * @param step the steps done, this one included (from 1)
 * @param loss the total loss
 * @param lossReconstruction the reconstruction loss
 * @param lossStrategy the masking strategy's loss term, unweighted; {@code NaN} when it has none
 * @param learningRate the step's learning rate
 * @param millis the step's wall time, data included
 * @param clipsPerSecond clips of the step over its wall time
 * @param rssMegabytes the process's resident memory after the step
 * @param offHeapMegabytes the native memory ND4J holds after the step
 * @param skippedClips clips skipped as unreadable so far
 * @param foregroundEnrichment the {@link ForegroundEnrichment} of the visible tokens; {@code NaN}
 *     when the data has no foreground masks
 * @param probabilityEnrichment the {@link ForegroundEnrichment} of a learned sampler's
 *     probabilities; {@code NaN} without a sampler or foreground masks
 */
public record StepMetrics(
        long step,
        double loss,
        double lossReconstruction,
        double lossStrategy,
        double learningRate,
        double millis,
        double clipsPerSecond,
        double rssMegabytes,
        double offHeapMegabytes,
        long skippedClips,
        double foregroundEnrichment,
        double probabilityEnrichment) implements StepReport {

    /** Tells whether the masking strategy contributed a loss term. */
    public boolean hasStrategyLoss() {
        return !Double.isNaN(lossStrategy);
    }

    /** Returns the metrics as one line of JSON. */
    @Override
    public String toJson() {
        StringBuilder json = new StringBuilder("{\"step\":").append(step)
                .append(",\"loss\":").append(number(loss))
                .append(",\"loss_rec\":").append(number(lossReconstruction));
        if (hasStrategyLoss()) {
            json.append(",\"loss_strategy\":").append(number(lossStrategy));
        }
        return json.append(",\"lr\":").append(number(learningRate))
                .append(",\"ms\":").append(String.format(java.util.Locale.ROOT, "%.1f", millis))
                .append(",\"clips_per_s\":").append(String.format(java.util.Locale.ROOT, "%.3f", clipsPerSecond))
                .append(",\"rss_mb\":").append(Math.round(rssMegabytes))
                .append(",\"offheap_mb\":").append(Math.round(offHeapMegabytes))
                .append(",\"skipped_clips\":").append(skippedClips)
                .append(optional("fg_enrichment", foregroundEnrichment))
                .append(optional("fg_enrichment_p", probabilityEnrichment))
                .append('}').toString();
    }

    private static String optional(String name, double value) {
        return Double.isNaN(value) ? "" : String.format(java.util.Locale.ROOT, ",\"%s\":%.4f", name, value);
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }
}
