package dev.adamae.runner.cli;

import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.train.ClipBatch;
import dev.adamae.engine.train.ClipBatches;
import dev.adamae.engine.train.DataLoading;
import dev.adamae.engine.train.DataLoadingException;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.Console;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.video.ClipSampling;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures how fast the data reaches the model: reads clips through the loader training uses
 * (the same workers, look-ahead, batches and training-mode sampling) and reports clips per
 * second, the median time to decode and augment one clip, and the clips skipped.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Reads clips as training does (background workers, look-ahead, random start and crop) and "
                + "reports clips/s, the median ms to decode and augment one clip, the workers and the skipped clips.")
public final class DataBenchCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--clips", paramLabel = "N", defaultValue = "64",
            description = "Clips to read, rounded up to whole batches (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--workers", paramLabel = "W", description = "Background workers (default: adamae.data.loading.workers).")
    Integer workers;

    @Option(names = "--batch", paramLabel = "B", description = "Clips per batch (default: adamae.train.batch-size).")
    Integer batch;

    @Option(names = "--json", description = "Prints one JSON object.")
    boolean json;

    @Inject
    ModelSettings model;

    @Inject
    TrainingSettings training;

    @Inject
    ClipDataset dataset;

    @Inject
    DataLoading loading;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        data.addTo(flags);
        flags.put(DataLoading.PATH + "." + DataLoading.WORKERS, workers);
        flags.put(TrainingSettings.PATH + ".batch-size", batch);
        // The clips training reads: random starts and crops, whatever an experiment file says.
        flags.put(ClipSampling.PATH + "." + ClipSampling.MODE, ClipSampling.Mode.TRAIN.settingName());
        return options.request(flags);
    }

    @Override
    public Integer call() {
        if (clips < 1) {
            throw new UsageException("--clips must be at least 1, got " + clips);
        }
        int batchSize = training.batchSize();
        int steps = (clips + batchSize - 1) / batchSize;
        TimedDataset timed = new TimedDataset(dataset);
        try {
            // Untimed: loads FFmpeg's and ND4J's native code and warms the code paths up.
            try (ClipBatches warmUp = new ClipBatches(dataset, 1, training.seed() + 1, model, line -> { })) {
                warmUp.batch(0).clips().close();
            }
            long started = System.nanoTime();
            double seconds;
            ClipBatches batches = new ClipBatches(timed, batchSize, training.seed(), model, loading, console::warn);
            try (batches) {
                for (long step = 0; step < steps; step++) {
                    ClipBatch read = batches.batch(step);
                    read.clips().close();
                }
                seconds = (System.nanoTime() - started) / 1e9;
            }
            report(steps * batchSize, batchSize, seconds, timed.medianMillis(), batches);
        } catch (DataLoadingException e) {
            throw new RunFailedException(e.getMessage(), e);
        }
        return 0;
    }

    private void report(int read, int batchSize, double seconds, double medianMillis, ClipBatches batches) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("data", dataset.description());
        report.put("clip", model.clipFrames() + "x" + model.clipHeight() + "x" + model.clipWidth());
        report.put("clips", read);
        report.put("batch", batchSize);
        report.put("workers", loading.workers());
        report.put("lookahead", loading.lookahead());
        report.put("seconds", round(seconds, 100));
        report.put("clips_per_s", round(read / seconds, 100));
        report.put("ms_per_clip_median", round(medianMillis, 10));
        report.put("skipped", batches.skipped());
        report.put("skipped_by_reason", batches.skippedByReason());
        report.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        Reports.print(console, report, json, 20);
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    /** A data set that times each clip it reads: decoding and augmenting, on the thread that reads it. */
    private static final class TimedDataset implements ClipDataset {

        private final ClipDataset data;
        private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());

        TimedDataset(ClipDataset data) {
            this.data = data;
        }

        @Override
        public String description() {
            return data.description();
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public List<String> classNames() {
            return data.classNames();
        }

        @Override
        public VideoClip read(int index, long sampleSeed) throws UnreadableClipException {
            long started = System.nanoTime();
            VideoClip clip = data.read(index, sampleSeed);
            millis.add((System.nanoTime() - started) / 1e6);
            return clip;
        }

        @Override
        public VideoClip readView(int index, EvaluationView view) throws UnreadableClipException {
            return data.readView(index, view);
        }

        /** Returns the median time of a clip read, or not a number when none was read. */
        double medianMillis() {
            List<Double> sorted;
            synchronized (millis) {
                sorted = millis.stream().sorted().toList();
            }
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }
    }
}
