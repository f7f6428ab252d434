package dev.adamae.runner.train;

import dev.adamae.engine.train.MemoryProbe;
import dev.adamae.engine.train.StepMetrics;
import dev.adamae.engine.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gathers what a run's summary reports: final losses, median step time, throughput, peak memory. */
public final class RunSummary implements TrainingListener<StepMetrics> {

    private final int warmup;
    private final List<Double> millis = new ArrayList<>();
    private int seen;
    private StepMetrics last;
    private double peakOffHeap;

    /** Creates a summary of every step. */
    public RunSummary() {
        this(0);
    }

    /** Creates a summary whose timings leave out the first {@code warmup} steps of this process. */
    public RunSummary(int warmup) {
        this.warmup = warmup;
    }

    @Override
    public void onStep(StepMetrics metrics) {
        if (seen++ >= warmup) {
            millis.add(metrics.millis());
        }
        last = metrics;
        peakOffHeap = Math.max(peakOffHeap, metrics.offHeapMegabytes());
    }

    /** Returns the median step time of the steps timed in this process. */
    public double medianMillis() {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = millis.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Returns the summary as ordered key-value pairs, for JSON and for the console. */
    public Map<String, Object> fields(int batchSize) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (last == null) {
            return fields;
        }
        fields.put("steps", last.step());
        fields.put("final_loss", last.loss());
        fields.put("final_loss_rec", last.lossReconstruction());
        if (last.hasStrategyLoss()) {
            fields.put("final_loss_strategy", last.lossStrategy());
        }
        double median = medianMillis();
        fields.put("ms_per_step_median", Math.round(median * 10) / 10.0);
        fields.put("clips_per_s", Math.round(batchSize * 1000.0 / median * 100) / 100.0);
        fields.put("peak_rss_mb", Math.round(MemoryProbe.peakResidentMegabytes()));
        fields.put("offheap_peak_mb", Math.round(peakOffHeap));
        fields.put("skipped_clips", last.skippedClips());
        return fields;
    }
}
