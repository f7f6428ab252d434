package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning from a pre-training checkpoint and from scratch, testing, resuming, and the
 * mistakes a user can make, on the {@code test} preset and small embedded data sets.
 */
class FinetuneCommandTest {

    /** Small embedded sets keep each run to seconds. */
    private static final String[] SMALL = {"--preset", "test", "--set", "adamae.data.moving-sprites.clips=16",
        "--set", "adamae.data.validation.embedded.clips=8", "--batch", "4"};

    @TempDir
    static Path work;

    private static Path pretrained;

    @BeforeAll
    static void pretrain() {
        Path run = work.resolve("pre");
        CommandLineRun result = CommandLineRun.of(concat(SMALL, "pretrain", "--steps", "2", "--out", run.toString()));
        assertThat(result.exitCode()).as(result.err()).isZero();
        pretrained = run.resolve("checkpoints/step-000000002.ckpt");
        assertThat(pretrained).exists();
    }

    private static String[] concat(String[] options, String command, String... more) {
        String[] all = new String[1 + options.length + more.length];
        all[0] = command;
        System.arraycopy(options, 0, all, 1, options.length);
        System.arraycopy(more, 0, all, 1 + options.length, more.length);
        return all;
    }

    @Test
    void fineTuningAPretrainedEncoderWritesMetricsCheckpointsResultsAndAConfusionImage() throws Exception {
        Path out = work.resolve("ft");
        CommandLineRun run = CommandLineRun.of(concat(SMALL, "finetune", "--checkpoint", pretrained.toString(),
                "--epochs", "2", "--out", out.toString()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("encoder from").contains("decoder");
        // 16 clips at batch 4: 4 steps a pass, 2 passes, a validation after each.
        var lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(8);
        assertThat(lines.get(3)).contains("\"val_top1\":");
        assertThat(lines.get(2)).doesNotContain("val_top1");
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("top1").asDouble()).isBetween(0.0, 1.0);
        assertThat(results.get("top5").asDouble()).isGreaterThanOrEqualTo(results.get("top1").asDouble());
        assertThat(results.get("clips").asInt()).isEqualTo(8);
        assertThat(results.get("classes")).hasSize(8);
        int counted = 0;
        for (JsonNode row : results.get("confusion")) {
            for (JsonNode cell : row) {
                counted += cell.asInt();
            }
        }
        assertThat(counted).isEqualTo(8);
        assertThat(results.get("init").asText()).contains("step-000000002.ckpt");
        BufferedImage image = ImageIO.read(out.resolve("confusion.png").toFile());
        assertThat(image.getWidth()).isGreaterThan(8 * 36);
        assertThat(run.out()).contains("top1").contains("results.json");

        // The fine-tuned checkpoint tests again with eval, to the same figures on the same views.
        Path checkpoint = out.resolve("checkpoints/step-000000008.ckpt");
        CommandLineRun eval = CommandLineRun.of("eval", "--preset", "test", "--set",
                "adamae.data.validation.embedded.clips=8", "--checkpoint", checkpoint.toString(), "--views", "2x3");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode again = new ObjectMapper().readTree(out.resolve("eval-2x3/results.json").toFile());
        assertThat(again.get("top1").asDouble()).isEqualTo(results.get("top1").asDouble());
        // The embedded clips are made at the model's size: one view each, whatever was asked.
        assertThat(again.get("views").asText()).isEqualTo("1x1");

        // Resuming the finished run with more epochs goes on from its last checkpoint.
        CommandLineRun more = CommandLineRun.of(concat(SMALL, "finetune", "--checkpoint", pretrained.toString(),
                "--epochs", "3", "--out", out.toString(), "--resume"));
        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(12);
    }

    @Test
    void aLinearProbeTrainsOnFrozenFeaturesAndItsCheckpointTestsAgainWithEval() throws Exception {
        Path out = work.resolve("probe");
        CommandLineRun run = CommandLineRun.of("probe", "--preset", "test", "--set", "adamae.data.moving-sprites.clips=16",
                "--set", "adamae.data.validation.embedded.clips=8", "--checkpoint", pretrained.toString(),
                "--epochs", "5", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(5).allMatch(line -> line.contains("\"loss\":"));
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("training_clips").asInt()).isEqualTo(16);
        JsonNode variance = results.get("token_variance");
        double place = variance.get("place").asDouble();
        double clip = variance.get("clip").asDouble();
        double token = variance.get("token").asDouble();
        assertThat(List.of(place, clip, token)).allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0));
        assertThat(place + clip + token).isCloseTo(1.0, within(1e-9));
        assertThat(run.err()).contains("probe: variance of the token features: place ");
        Path checkpoint = out.resolve("checkpoints/step-000000005.ckpt");
        CommandLineRun eval = CommandLineRun.of("eval", "--preset", "test", "--set",
                "adamae.data.validation.embedded.clips=8", "--checkpoint", checkpoint.toString(), "--out",
                work.resolve("probe-eval").toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode again = new ObjectMapper().readTree(work.resolve("probe-eval/results.json").toFile());
        assertThat(again.get("top1").asDouble()).isEqualTo(results.get("top1").asDouble());
        assertThat(again.get("confusion")).isEqualTo(results.get("confusion"));
    }

    @Test
    void aMaxPooledProbeIsTestedAgainWithItsOwnPoolingAndAnUnknownPoolingIsRefused() throws Exception {
        Path out = work.resolve("probe-max");
        CommandLineRun run = CommandLineRun.of("probe", "--preset", "test", "--set", "adamae.data.moving-sprites.clips=16",
                "--set", "adamae.data.validation.embedded.clips=8", "--set", "adamae.probe.pooling=max",
                "--checkpoint", pretrained.toString(), "--epochs", "5", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("pooling").asText()).isEqualTo("max");
        CommandLineRun eval = CommandLineRun.of("eval", "--preset", "test", "--set",
                "adamae.data.validation.embedded.clips=8", "--checkpoint",
                out.resolve("checkpoints/step-000000005.ckpt").toString(), "--out", work.resolve("probe-max-eval").toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode again = new ObjectMapper().readTree(work.resolve("probe-max-eval/results.json").toFile());
        assertThat(again.get("top1").asDouble()).isEqualTo(results.get("top1").asDouble());
        assertThat(again.get("confusion")).isEqualTo(results.get("confusion"));

        CommandLineRun unknown = CommandLineRun.of("probe", "--preset", "test", "--set", "adamae.probe.pooling=median",
                "--scratch", "--out", work.resolve("probe-median").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("adamae.probe.pooling").contains("max");
        assertThat(work.resolve("probe-median")).doesNotExist();
    }

    @Test
    void aProbeFromScratchReadsTheEncoderItsSeedInitialisesAsPretrainingWouldStartFromIt() throws Exception {
        // The untrained run's weights are those pre-training with seed 5 starts from.
        Path untrained = UntrainedRun.write(Files.createDirectories(work.resolve("untrained")), "tube", 0.5);
        String[] probe = {"--preset", "test", "--set", "adamae.data.moving-sprites.clips=16", "--set",
            "adamae.data.validation.embedded.clips=8", "--epochs", "4"};
        CommandLineRun scratch = CommandLineRun.of(concat(probe, "probe", "--scratch", "--seed", "5", "--out",
                work.resolve("probe-scratch").toString()));
        assertThat(scratch.exitCode()).as(scratch.err()).isZero();
        CommandLineRun loaded = CommandLineRun.of(concat(probe, "probe", "--checkpoint", untrained.toString(), "--seed",
                "5", "--out", work.resolve("probe-untrained").toString()));
        assertThat(loaded.exitCode()).as(loaded.err()).isZero();
        CommandLineRun otherSeed = CommandLineRun.of(concat(probe, "probe", "--scratch", "--seed", "6", "--out",
                work.resolve("probe-scratch-6").toString()));
        assertThat(otherSeed.exitCode()).as(otherSeed.err()).isZero();

        ObjectMapper json = new ObjectMapper();
        JsonNode fromScratch = json.readTree(work.resolve("probe-scratch/results.json").toFile());
        JsonNode fromUntrained = json.readTree(work.resolve("probe-untrained/results.json").toFile());
        assertThat(fromScratch.get("init").asText()).isEqualTo("scratch");
        assertThat(Files.readAllLines(work.resolve("probe-scratch/metrics.jsonl")))
                .isEqualTo(Files.readAllLines(work.resolve("probe-untrained/metrics.jsonl")))
                .isNotEqualTo(Files.readAllLines(work.resolve("probe-scratch-6/metrics.jsonl")));
        assertThat(fromScratch.get("confusion")).isEqualTo(fromUntrained.get("confusion"));
        assertThat(fromScratch.get("top1").asDouble()).isEqualTo(fromUntrained.get("top1").asDouble());
    }

    @Test
    void fromScratchNeedsNoCheckpoint() {
        CommandLineRun run = CommandLineRun.of(concat(SMALL, "finetune", "--scratch", "--steps", "2",
                "--out", work.resolve("scratch").toString()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(work.resolve("scratch/results.json")).exists();
    }

    @Test
    void aCheckpointOfAnotherPresetIsRefusedInOneLineAndNothingIsWritten() {
        Path out = work.resolve("wrong");
        CommandLineRun run = CommandLineRun.of("finetune", "--preset", "tiny", "--checkpoint", pretrained.toString(),
                "--steps", "1", "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().strip()).startsWith("adamae: Checkpoint").contains("does not fit this preset")
                .doesNotContain("\n");
        assertThat(out.resolve("checkpoints")).doesNotExist();
    }

    @Test
    void aMissingCheckpointOrBothStartsAreRefused() {
        CommandLineRun missing = CommandLineRun.of(concat(SMALL, "finetune", "--checkpoint",
                work.resolve("nothing.ckpt").toString(), "--steps", "1"));
        assertThat(missing.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(missing.err()).contains("nothing.ckpt: no such file");
        CommandLineRun both = CommandLineRun.of(concat(SMALL, "finetune", "--scratch", "--checkpoint",
                pretrained.toString()));
        assertThat(both.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
        CommandLineRun probeWithBoth = CommandLineRun.of("probe", "--preset", "test", "--scratch", "--checkpoint",
                pretrained.toString());
        assertThat(probeWithBoth.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(probeWithBoth.err()).contains("mutually exclusive");
        CommandLineRun probeWithNeither = CommandLineRun.of("probe", "--preset", "test");
        assertThat(probeWithNeither.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(probeWithNeither.err()).contains("--checkpoint").contains("--scratch");
    }

    @Test
    void evalRefusesAPretrainingCheckpointAndAHeadWithAnotherClassCount() throws Exception {
        CommandLineRun pre = CommandLineRun.of("eval", "--preset", "test", "--checkpoint", pretrained.toString());
        assertThat(pre.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(pre.err()).contains("a pre-training checkpoint, not a classifier");

        Path videos = work.resolve("videos");
        Files.createDirectories(videos.resolve("one"));
        Files.createDirectories(videos.resolve("two"));
        Files.copy(Path.of("../video-data/src/test/resources/clips/realshort.mp4"), videos.resolve("one/a.mp4"));
        Files.copy(Path.of("../video-data/src/test/resources/clips/g1.avi"), videos.resolve("two/b.avi"));
        Path out = work.resolve("ft-for-eval");
        CommandLineRun ft = CommandLineRun.of(concat(SMALL, "finetune", "--scratch", "--steps", "1",
                "--out", out.toString()));
        assertThat(ft.exitCode()).as(ft.err()).isZero();
        CommandLineRun eval = CommandLineRun.of("eval", "--preset", "test", "--checkpoint",
                out.resolve("checkpoints/step-000000001.ckpt").toString(), "--data", videos.toString());
        assertThat(eval.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(eval.err()).contains("was trained on classes").contains("one,two");
    }

    @Test
    void trainingDataWithoutLabelsOrWithoutValidationDataIsRefused() throws Exception {
        Path videos = work.resolve("flat");
        Files.createDirectories(videos);
        Files.copy(Path.of("../video-data/src/test/resources/clips/realshort.mp4"), videos.resolve("a.mp4"));
        CommandLineRun run = CommandLineRun.of("finetune", "--preset", "test", "--scratch", "--data", videos.toString(),
                "--val-data", "embedded");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("has no labels");

        Path labelled = work.resolve("labelled");
        Files.createDirectories(labelled.resolve("one"));
        Files.createDirectories(labelled.resolve("two"));
        Files.copy(Path.of("../video-data/src/test/resources/clips/realshort.mp4"), labelled.resolve("one/a.mp4"));
        Files.copy(Path.of("../video-data/src/test/resources/clips/g1.avi"), labelled.resolve("two/b.avi"));
        CommandLineRun noValidation = CommandLineRun.of("finetune", "--preset", "test", "--scratch", "--data",
                labelled.toString());
        assertThat(noValidation.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(noValidation.err()).contains("No validation data").contains("--val-data");
        CommandLineRun otherClasses = CommandLineRun.of("finetune", "--preset", "test", "--scratch", "--data",
                labelled.toString(), "--val-data", "embedded");
        assertThat(otherClasses.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(otherClasses.err()).contains("must be the same");
    }
}
