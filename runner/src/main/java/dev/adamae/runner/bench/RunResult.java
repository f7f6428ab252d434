package dev.adamae.runner.bench;

import java.util.List;
import java.util.Map;

/**
 * What one run of a benchmark produced; a figure is {@code null} when the run did not get that far
 * (or, for the foreground enrichment, when the data has no foreground masks). The control, never
 * pre-trained, has 0 pre-training steps, seconds and GFLOP and no pre-training figures.
 *
 * @param run the run
 * @param status {@code ok}, {@code failed}, or {@code pending} for a run not started yet
 * @param failedPhase the phase that failed, or {@code null}
 * @param reason why it failed, in one line, or {@code null}
 * @param pretrainSteps the steps pre-training reached
 * @param finalLoss the last pre-training loss
 * @param msPerStep the median pre-training step time
 * @param clipsPerSecond clips per second at that median
 * @param peakRssMb the peak resident memory of the pre-training process
 * @param offHeapMb the peak native (off-heap) memory ND4J held during pre-training
 * @param top1 downstream top-1 accuracy
 * @param top5 downstream top-5 accuracy
 * @param fgEnrichment foreground enrichment of the visible tokens over the last steps
 * @param fgEnrichmentProbability foreground enrichment of a learned sampler's probabilities
 * @param lossCurve the pre-training loss, one {@code {step, loss}} pair per step
 * @param pretrainSeconds wall time of pre-training, in the process that ran it, start-up included
 * @param evalSeconds wall time of the evaluation
 * @param pretrainGflop the analytic GFLOP of the pre-training steps done, or {@code null} when not counted
 * @param stepSeconds the time of the pre-training steps alone (the sum of their step times)
 * @param classes the number of classes the evaluation tested, or {@code null}
 * @param timing where each phase's process spent its time ({@code pretrain} and the evaluation's
 *     name, each seconds by part), as far as the phases report it
 * @param decoderMask the decoder mask pre-training used, {@code strategy:ratio} or {@code none}, as its
 *     summary says; {@code null} before pre-training finished and for the control
 */
public record RunResult(BenchRun run, String status, String failedPhase, String reason, Integer pretrainSteps,
        Double finalLoss, Double msPerStep, Double clipsPerSecond, Double peakRssMb, Double offHeapMb, Double top1,
        Double top5, Double fgEnrichment, Double fgEnrichmentProbability, List<double[]> lossCurve,
        Double pretrainSeconds, Double evalSeconds, Double pretrainGflop, Double stepSeconds, Integer classes,
        Map<String, Object> timing, String decoderMask) {

    /** The status of a run that finished every phase. */
    public static final String OK = "ok";
    /** The status of a run a phase of which failed. */
    public static final String FAILED = "failed";
    /** The status of a run not run yet. */
    public static final String PENDING = "pending";

    /** Tells whether the run finished every phase. */
    public boolean ok() {
        return OK.equals(status);
    }
}
