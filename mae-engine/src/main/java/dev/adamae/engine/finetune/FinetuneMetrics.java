package dev.adamae.engine.finetune;

import dev.adamae.engine.train.StepReport;
import java.util.Locale;

/**
 * What one fine-tuning step measured.
 *
 * @param step the steps done, this one included (from 1)
 * @param loss the soft-target cross-entropy of the step's (mixed) batch
 * @param learningRate the step's learning rate at the head (layers below get less)
 * @param millis the step's wall time, data included, validation excluded
 * @param clipsPerSecond clips of the step over its wall time
 * @param trainTop1 the share of the batch whose most probable class is the clip's own label
 *     (mixing blurs it: a guide, not a figure to report)
 * @param rssMegabytes the process's resident memory after the step
 * @param offHeapMegabytes the native memory ND4J holds after the step
 * @param skippedClips clips skipped as unreadable so far
 * @param validationTop1 single-view top-1 on the validation clips after this step; {@code NaN}
 *     when the step did not validate
 * @param validationTop5 the same, top-5
 */
public record FinetuneMetrics(long step, double loss, double learningRate, double millis, double clipsPerSecond,
        double trainTop1, double rssMegabytes, double offHeapMegabytes, long skippedClips, double validationTop1,
        double validationTop5) implements StepReport {

    /** Returns these metrics with the validation figures of the step. */
    public FinetuneMetrics withValidation(TestResult result) {
        return new FinetuneMetrics(step, loss, learningRate, millis, clipsPerSecond, trainTop1, rssMegabytes,
                offHeapMegabytes, skippedClips, result.top1(), result.top5());
    }

    /** Tells whether the step validated. */
    public boolean validated() {
        return !Double.isNaN(validationTop1);
    }

    @Override
    public String toJson() {
        StringBuilder json = new StringBuilder("{\"step\":").append(step)
                .append(",\"loss\":").append(Double.isFinite(loss) ? Double.toString(loss) : "null")
                .append(",\"lr\":").append(learningRate)
                .append(String.format(Locale.ROOT, ",\"ms\":%.1f,\"clips_per_s\":%.3f,\"train_top1\":%.4f",
                        millis, clipsPerSecond, trainTop1))
                .append(",\"rss_mb\":").append(Math.round(rssMegabytes))
                .append(",\"offheap_mb\":").append(Math.round(offHeapMegabytes))
                .append(",\"skipped_clips\":").append(skippedClips);
        if (validated()) {
            json.append(String.format(Locale.ROOT, ",\"val_top1\":%.4f,\"val_top5\":%.4f", validationTop1,
                    validationTop5));
        }
        return json.append('}').toString();
    }
}
