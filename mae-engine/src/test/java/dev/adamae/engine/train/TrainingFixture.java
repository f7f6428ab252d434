package dev.adamae.engine.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.masking.randompatch.RandomPatchMaskingStrategyFactory;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/** Builds small pre-training runs at the {@code test} preset, with in-memory clips. */
final class TrainingFixture {

    static final double RATIO = 0.75;

    final Config config;
    final ModelSettings model;
    final TrainingSettings settings;
    final List<String> warnings = new ArrayList<>();

    TrainingFixture(String trainOverrides) {
        config = ConfigFactory.parseString(trainOverrides)
                .withFallback(ConfigFactory.parseFile(new File("../conf/presets/test.conf")))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        model = ModelSettings.from(config);
        settings = TrainingSettings.from(config);
    }

    Pretrainer pretrainer(ClipDataset data, Path checkpoints, List<? extends TrainingListener<? super StepMetrics>> listeners) {
        return pretrainer(data, DataLoading.INLINE, checkpoints, listeners);
    }

    Pretrainer pretrainer(ClipDataset data, DataLoading loading, Path checkpoints, List<? extends TrainingListener<? super StepMetrics>> listeners) {
        return pretrainer(randomPatch(), data, loading, checkpoints, listeners);
    }

    /** Returns the random-patch strategy the fixture's runs use unless given another. */
    MaskingStrategy randomPatch() {
        return new RandomPatchMaskingStrategyFactory().create(Settings.ofStrategy(config, "random-patch"));
    }

    /** Returns the batches a run of this fixture reads from {@code data}. */
    ClipBatches batches(ClipDataset data) {
        return new ClipBatches(data, settings.batchSize(), settings.seed(), model, DataLoading.INLINE, warnings::add);
    }

    Pretrainer pretrainer(MaskingStrategy strategy, ClipDataset data, DataLoading loading, Path checkpoints,
            List<? extends TrainingListener<? super StepMetrics>> listeners) {
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(model, settings.batchSize(),
                strategy.visibleCount(model.grid(), RATIO), LossType.MSE_NORMALIZED, settings.seed()),
                Optional.empty());
        ClipBatches batches = new ClipBatches(data, settings.batchSize(), settings.seed(), model, loading, warnings::add);
        return new Pretrainer(graph, strategy, RATIO, batches, settings,
                new CheckpointStore(checkpoints, settings.keep()), identity(), listeners);
    }

    /** A pre-training loop whose decoder reconstructs the hidden tokens {@code decoder} keeps. */
    Pretrainer pretrainer(ClipDataset data, Path checkpoints, List<? extends TrainingListener<? super StepMetrics>> listeners,
            Optional<DecoderMasking> decoder) {
        MaskingStrategy strategy = randomPatch();
        int visible = strategy.visibleCount(model.grid(), RATIO);
        int hidden = model.grid().tokenCount() - visible;
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(model, settings.batchSize(), visible,
                LossType.MSE_NORMALIZED, settings.seed(),
                decoder.map(d -> d.decodedCount(model.grid(), hidden)).orElse(hidden)), Optional.empty());
        ClipBatches batches = new ClipBatches(data, settings.batchSize(), settings.seed(), model, DataLoading.INLINE,
                warnings::add);
        return new Pretrainer(graph, strategy, RATIO, decoder, batches, settings,
                new CheckpointStore(checkpoints, settings.keep()), identity(), listeners);
    }

    Properties identity() {
        Properties identity = new Properties();
        identity.setProperty("model", model.toString());
        identity.setProperty("strategy", "random-patch");
        identity.setProperty("seed", Long.toString(settings.seed()));
        return identity;
    }

    /** Clips of smooth colour ramps whose phase depends on the index: learnable, and cheap. */
    ClipDataset clips(int count) {
        return clips(count, index -> true, new AtomicInteger(Integer.MAX_VALUE));
    }

    /**
     * Clips as {@link #clips(int)}, except that clip {@code i} cannot be read when {@code reasons}
     * maps it to a reason: its message is {@code ramps/i: <reason>} and its category the reason.
     */
    ClipDataset clips(int count, Map<Integer, String> reasons) {
        ClipDataset ramps = clips(count);
        return new ClipDataset() {
            @Override
            public String description() {
                return ramps.description();
            }

            @Override
            public int size() {
                return count;
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }

            @Override
            public VideoClip read(int index, long sampleSeed) throws UnreadableClipException {
                String reason = reasons.get(index);
                if (reason != null) {
                    throw new UnreadableClipException("ramps/" + index + ": " + reason, reason);
                }
                return ramps.read(index, sampleSeed);
            }
        };
    }

    /**
     * Clips as {@link #clips(int)}, except that indices failing {@code readable} cannot be read and,
     * once {@code goodReads} reads are spent, every clip is NaN.
     */
    ClipDataset clips(int count, IntPredicate readable, AtomicInteger goodReads) {
        int frames = model.clipFrames();
        int height = model.clipHeight();
        int width = model.clipWidth();
        return new ClipDataset() {
            @Override
            public String description() {
                return "ramps (" + count + " clips)";
            }

            @Override
            public int size() {
                return count;
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }

            @Override
            public VideoClip read(int index, long sampleSeed) throws UnreadableClipException {
                if (!readable.test(index)) {
                    throw new UnreadableClipException("ramps/" + index + ": unreadable on purpose");
                }
                float[] pixels = new float[3 * frames * height * width];
                boolean poisoned = goodReads.getAndDecrement() <= 0;
                SplittableRandom random = new SplittableRandom(index);
                double phase = random.nextDouble() * Math.PI;
                for (int c = 0; c < 3; c++) {
                    for (int t = 0; t < frames; t++) {
                        for (int y = 0; y < height; y++) {
                            for (int x = 0; x < width; x++) {
                                double value = 0.5 + 0.4 * Math.sin(phase + 0.3 * x + 0.2 * y + 0.5 * t + c);
                                pixels[((c * frames + t) * height + y) * width + x] = poisoned ? Float.NaN
                                        : (float) ((value - VideoClip.MEAN[c]) / VideoClip.STD[c]);
                            }
                        }
                    }
                }
                return new VideoClip("ramps/" + index, pixels, frames, height, width, VideoClip.NO_LABEL, null);
            }
        };
    }

    /** Collects the metrics of every step. */
    static final class Recorder implements TrainingListener<StepMetrics> {
        final List<StepMetrics> steps = new ArrayList<>();

        @Override
        public void onStep(StepMetrics metrics) {
            steps.add(metrics);
        }

        List<Double> losses() {
            return steps.stream().map(StepMetrics::loss).toList();
        }
    }
}
