package dev.adamae.engine.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.engine.model.VideoClassifierSpec;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.ClipBatches;
import dev.adamae.engine.train.TrainingListener;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetunerTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static Config config(String overrides) {
        return ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.parseFile(new File("../conf/presets/test.conf")))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    /**
     * Three classes told apart by the colour channel that is bright (red, green or blue), with
     * noise: learnable in a few steps, and the class of clip {@code i} is {@code i mod 3}.
     */
    static ClipDataset colours(ModelSettings model, int count, long seed) {
        int frames = model.clipFrames();
        int height = model.clipHeight();
        int width = model.clipWidth();
        return new ClipDataset() {
            @Override
            public String description() {
                return "colours (" + count + " clips)";
            }

            @Override
            public int size() {
                return count;
            }

            @Override
            public List<String> classNames() {
                return List.of("red", "green", "blue");
            }

            @Override
            public VideoClip read(int index, long sampleSeed) throws UnreadableClipException {
                int label = index % 3;
                SplittableRandom random = new SplittableRandom(seed * 7919 + index);
                float[] pixels = new float[3 * frames * height * width];
                int plane = frames * height * width;
                for (int c = 0; c < 3; c++) {
                    for (int v = 0; v < plane; v++) {
                        double value = (c == label ? 0.7 : 0.3) + 0.2 * (random.nextDouble() - 0.5);
                        pixels[c * plane + v] = (float) ((value - VideoClip.MEAN[c]) / VideoClip.STD[c]);
                    }
                }
                return new VideoClip("colours/" + index, pixels, frames, height, width, label, null);
            }
        };
    }

    private record Run(Finetuner finetuner, List<FinetuneMetrics> steps) {
    }

    private Run run(Config config, ClipDataset train, ClipDataset validation, Path checkpoints) {
        ModelSettings model = ModelSettings.from(config);
        FinetuneSettings settings = FinetuneSettings.from(config);
        VideoClassifierGraph graph = VideoClassifierGraph.build(new VideoClassifierSpec(model, settings.batchSize(),
                train.classNames().size(), VideoClassifierSpec.Head.CLASSIFIER, settings.dropPath(), settings.seed()));
        ClipBatches batches = new ClipBatches(train, settings.batchSize(), settings.seed(), model, warnings::add);
        Properties identity = new Properties();
        identity.setProperty("model", model.toString());
        List<FinetuneMetrics> steps = new ArrayList<>();
        Finetuner[] holder = new Finetuner[1];
        ClassifierTester tester = new ClassifierTester(model, warnings::add);
        holder[0] = new Finetuner(graph, batches, settings, train.size(), new CheckpointStore(checkpoints, settings.keep()),
                identity, validation == null ? null
                        : recycle -> tester.test(holder[0].scorer(recycle), validation, 1, 1, done -> { }),
                List.of((TrainingListener<FinetuneMetrics>) steps::add));
        return new Run(holder[0], steps);
    }

    private static final String QUICK = "adamae.finetune { batch-size = 4, base-lr = 0.5, warmup-epochs = 1, "
            + "checkpoint-every = 3, layer-decay = 0.9, drop-path = 0.1 }";

    @Test
    void fineTuningLearnsToTellTheClassesApartAndValidatesEachEpoch() {
        Config config = config(QUICK + "\nadamae.finetune.epochs = 4");
        ModelSettings model = ModelSettings.from(config);
        Run run = run(config, colours(model, 24, 1), colours(model, 12, 2), dir.resolve("a"));
        FinetuneMetrics last = run.finetuner().run(Optional.empty());
        // 24 clips at batch 4: 6 steps an epoch, 4 epochs; a validation at the end of each.
        assertThat(run.steps()).hasSize(24);
        assertThat(run.steps().stream().filter(FinetuneMetrics::validated).map(FinetuneMetrics::step))
                .containsExactly(6L, 12L, 18L, 24L);
        assertThat(last.validationTop1()).isGreaterThan(0.9);
        assertThat(run.steps().get(0).validationTop1()).isNaN();
        assertThat(last.toJson()).contains("\"val_top1\":", "\"train_top1\":");
    }

    @Test
    void aResumedRunEndsWithTheLossesOfAnUninterruptedOne() {
        Config whole = config(QUICK + "\nadamae.finetune.steps = 8");
        ModelSettings model = ModelSettings.from(whole);
        Run uninterrupted = run(whole, colours(model, 24, 1), null, dir.resolve("whole"));
        uninterrupted.finetuner().run(Optional.empty());

        Config half = config(QUICK + "\nadamae.finetune.steps = 8");
        // The first part is the same 8-step run, stopped by a failure at step 7 after the checkpoint of step 6.
        List<FinetuneMetrics> seen = new ArrayList<>();
        Finetuner interrupted = new Finetuner(
                VideoClassifierGraph.build(new VideoClassifierSpec(model, 4, 3, VideoClassifierSpec.Head.CLASSIFIER,
                        0.1, 0)),
                new ClipBatches(colours(model, 24, 1), 4, 0, model, warnings::add), FinetuneSettings.from(half), 24,
                new CheckpointStore(dir.resolve("split"), 3), identity(model), null,
                List.of((TrainingListener<FinetuneMetrics>) metrics -> {
                    seen.add(metrics);
                    if (metrics.step() == 7) {
                        throw new IllegalStateException("killed");
                    }
                }));
        assertThatThrownBy(() -> interrupted.run(Optional.empty())).hasMessage("killed");
        Path newest = new CheckpointStore(dir.resolve("split"), 3).newest().orElseThrow();
        assertThat(newest.getFileName().toString()).contains("000000006");

        Run resumed = run(half, colours(model, 24, 1), null, dir.resolve("split"));
        resumed.finetuner().run(Optional.of(newest));
        assertThat(resumed.steps().stream().map(FinetuneMetrics::step)).containsExactly(7L, 8L);
        assertThat(resumed.steps().stream().map(FinetuneMetrics::loss).toList())
                .isEqualTo(uninterrupted.steps().subList(6, 8).stream().map(FinetuneMetrics::loss).toList());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedAndNothingIsOverwritten() {
        Config config = config(QUICK + "\nadamae.finetune.steps = 3");
        ModelSettings model = ModelSettings.from(config);
        Run original = run(config, colours(model, 24, 1), null, dir.resolve("one"));
        original.finetuner().run(Optional.empty());
        Path checkpoint = new CheckpointStore(dir.resolve("one"), 3).newest().orElseThrow();
        long size = checkpoint.toFile().length();

        Properties other = identity(model);
        other.setProperty("model", "another");
        Finetuner foreign = new Finetuner(
                VideoClassifierGraph.build(new VideoClassifierSpec(model, 4, 3, VideoClassifierSpec.Head.CLASSIFIER,
                        0.1, 0)),
                new ClipBatches(colours(model, 24, 1), 4, 0, model, warnings::add), FinetuneSettings.from(config), 24,
                new CheckpointStore(dir.resolve("one"), 3), other, null, List.of());
        assertThatThrownBy(() -> foreign.run(Optional.of(checkpoint))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model is");
        assertThat(checkpoint.toFile().length()).isEqualTo(size);
    }

    private static Properties identity(ModelSettings model) {
        Properties identity = new Properties();
        identity.setProperty("model", model.toString());
        return identity;
    }
}
