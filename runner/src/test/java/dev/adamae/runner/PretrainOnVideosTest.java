package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pre-training reads real videos from a folder or a list file, and skips what it cannot read. */
class PretrainOnVideosTest {

    private static final Path CLIPS = Path.of("../video-data/src/test/resources/clips");

    @TempDir
    Path work;

    private Path videos() throws Exception {
        Path root = work.resolve("videos");
        Files.createDirectories(root.resolve("waving"));
        Files.createDirectories(root.resolve("rolling"));
        Files.copy(CLIPS.resolve("realshort.mp4"), root.resolve("waving/realshort.mp4"));
        Files.copy(CLIPS.resolve("g1.avi"), root.resolve("rolling/g1.avi"));
        Files.writeString(root.resolve("rolling/broken.mp4"), "not a video");
        return root;
    }

    @Test
    void aFolderOfVideosTrainsSkippingTheFileItCannotReadAndCountingIt() throws Exception {
        Path out = work.resolve("run");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--data", videos().toString(),
                "--steps", "2", "--batch", "2", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("broken.mp4").contains("skipped");
        var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("skipped_files").asInt()).isEqualTo(1);
        long skipped = summary.get("skipped_clips").asLong();
        assertThat(skipped).isPositive();
        assertThat(summary.get("skipped_by_reason").get("not a video").asLong()).isEqualTo(skipped);
        assertThat(run.err()).contains("Skipped " + skipped + " unreadable clip").contains("(1 file): " + skipped + " not a video");
        var metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(metrics).hasSize(2);
        assertThat(new ObjectMapper().readTree(metrics.get(1)).get("skipped_clips").asLong()).isEqualTo(skipped);
    }

    @Test
    void withStrictTheFirstUnreadableFileStopsTheRunWithItsReasonAndTheCheckpointsWrittenStay() throws Exception {
        Path root = videos();
        for (int copy = 0; copy < 3; copy++) {
            Files.copy(CLIPS.resolve("realshort.mp4"), root.resolve("waving/copy" + copy + ".mp4"));
        }
        Path out = work.resolve("run");
        // Six files, one clip a step: with this seed the broken file comes fourth.
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--data", root.toString(), "--strict",
                "--steps", "6", "--batch", "1", "--seed", "4", "--out", out.toString(),
                "--set", "adamae.train.checkpoint-every=1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(AdaMaeMain.FAILED);
        List<String> errors = run.err().lines().filter(line -> line.startsWith("adamae: ")).toList();
        assertThat(errors).containsExactly("adamae: " + root.resolve("rolling/broken.mp4")
                + ": FFmpeg cannot open it (Invalid data found when processing input): not a video, or a damaged or truncated file");
        int stepsDone = Files.readAllLines(out.resolve("metrics.jsonl")).size();
        assertThat(stepsDone).isEqualTo(3);
        try (var checkpoints = Files.list(out.resolve("checkpoints"))) {
            assertThat(checkpoints.filter(file -> file.toString().endsWith(".ckpt"))).hasSize(stepsDone);
        }
        assertThat(out.resolve("summary.json")).doesNotExist();
    }

    @Test
    void aListFileOfVideosTrainsWithPathsRelativeToItsFolder() throws Exception {
        Path root = videos();
        Path list = Files.writeString(root.resolve("train.txt"), "# path label\nwaving/realshort.mp4 0\nrolling/g1.avi 1\n");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--data", list.toString(),
                "--steps", "1", "--batch", "2", "--out", work.resolve("run").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void dataCheckReportsEveryFileAndFailsWhenOneIsBad() throws Exception {
        CommandLineRun check = CommandLineRun.of("data", "check", "--data", videos().toString(), "--preset", "test");
        assertThat(check.exitCode()).isEqualTo(AdaMaeMain.FAILED);
        var lines = check.out().lines().toList();
        assertThat(lines.get(0)).startsWith("STATUS").contains("FRAMES", "FPS", "SIZE", "CODEC");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("ok").contains("h264", "320x240", "realshort.mp4"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("ok").contains("mpeg4", "400x300", "g1.avi"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("BAD").contains("broken.mp4"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("3 files: 2 ok, 1 bad");
    }

    @Test
    void dataCheckOfGoodFilesSucceeds() throws Exception {
        Path root = videos();
        Files.delete(root.resolve("rolling/broken.mp4"));
        CommandLineRun check = CommandLineRun.of("data", "check", "--data", root.toString(), "--preset", "test");
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains("2 files: 2 ok, 0 bad");
    }

    @Test
    void somethingSomethingV2AnnotationsAreReadWithDataFormat() throws Exception {
        Path videos = Files.createDirectories(work.resolve("20bn-something-something-v2"));
        Files.copy(CLIPS.resolve("cockatoo-vp9.webm"), videos.resolve("101.webm"));
        Files.copy(CLIPS.resolve("cockatoo-vp9.webm"), videos.resolve("102.webm"));
        Path labels = Files.createDirectories(work.resolve("labels"));
        Files.writeString(labels.resolve("labels.json"), "{\"Pushing something\": \"0\", \"Pulling something\": \"1\"}");
        Path train = Files.writeString(labels.resolve("train.json"),
                "[{\"id\": \"101\", \"template\": \"Pushing [something]\"}, {\"id\": \"102\", \"template\": \"Pulling [something]\"}]");
        // The training loader without the model: data bench reads the clips as pretrain does.
        CommandLineRun run = CommandLineRun.of("data", "bench", "--preset", "test", "--data", train.toString(),
                "--data-format", "ssv2", "--set", "adamae.data.root=" + videos, "--clips", "4", "--batch", "2", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("data").asText()).isEqualTo("something-something-v2 " + train + " (2 videos, 2 classes)");
        assertThat(report.get("skipped").asLong()).isZero();
    }

    @Test
    void dataCheckReadsKinetics400AnnotationsOfTheChosenSplit() throws Exception {
        Path videos = Files.createDirectories(work.resolve("kinetics/val/abseiling"));
        Files.copy(CLIPS.resolve("realshort.mp4"), videos.resolve("--07WQ2iBlw_000001_000011.mp4"));
        Path annotations = Files.createDirectories(work.resolve("kinetics/annotations"));
        Files.writeString(annotations.resolve("val.csv"), "label,youtube_id,time_start,time_end,split\n"
                + "abseiling,--07WQ2iBlw,1,11,val\n" + "abseiling,gone0000000,20,30,val\n");
        CommandLineRun check = CommandLineRun.of("data", "check", "--preset", "test", "--data", annotations.toString(),
                "--data-format", "kinetics400", "--set", "adamae.data.split=val",
                "--set", "adamae.data.root=" + work.resolve("kinetics/val"));
        assertThat(check.exitCode()).as(check.err()).isEqualTo(AdaMaeMain.FAILED);
        assertThat(check.out()).contains("--07WQ2iBlw_000001_000011.mp4").contains("gone0000000_000020_000030.mp4: file not found")
                .contains("2 files: 1 ok, 1 bad");
    }

    @Test
    void aDataFormatThatDoesNotFitTheDataIsRefusedInOneLine() throws Exception {
        CommandLineRun embedded = CommandLineRun.of("pretrain", "--preset", "test", "--data", "embedded",
                "--data-format", "ssv2", "--steps", "1", "--out", work.resolve("a").toString());
        assertThat(embedded.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(embedded.err().strip()).isEqualTo("adamae: Invalid setting adamae.data.format = \"ssv2\" (command line):"
                + " is for video files, and the embedded data set has none");

        CommandLineRun folderAsList = CommandLineRun.of("pretrain", "--preset", "test", "--data", videos().toString(),
                "--data-format", "list", "--steps", "1", "--out", work.resolve("b").toString());
        assertThat(folderAsList.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(folderAsList.err().lines()).hasSize(1);
        assertThat(folderAsList.err()).contains("adamae.data.format").contains("needs a list file");

        CommandLineRun unknown = CommandLineRun.of("pretrain", "--preset", "test", "--data-format", "ucf101",
                "--steps", "1", "--out", work.resolve("c").toString());
        assertThat(unknown.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(unknown.err()).contains("must be one of [auto, folder, kinetics400, list, ssv2]");
    }

    @Test
    void aFolderWithNoReadableVideoStopsTheRunAtOnceSayingSo() throws Exception {
        Path root = Files.createDirectories(work.resolve("broken"));
        Files.writeString(root.resolve("a.mp4"), "not a video");
        Files.createFile(root.resolve("b.webm"));
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--data", root.toString(), "--steps", "3",
                "--batch", "2", "--out", work.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.FAILED);
        assertThat(run.err().lines().filter(line -> line.startsWith("adamae: ") && !line.startsWith("adamae: warning")))
                .singleElement().asString()
                .startsWith("adamae: No clip of video folder " + root + " (2 videos) can be read; the last one tried: ");
        assertThat(Files.readAllLines(work.resolve("run/metrics.jsonl"))).isEmpty();
    }

    @Test
    void dataCheckOfTheEmbeddedSetIsRefusedSayingWhatItReads() {
        CommandLineRun check = CommandLineRun.of("data", "check", "--preset", "test");
        assertThat(check.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(check.err().strip()).startsWith("adamae: data check reads video files; the data is moving-sprites")
                .endsWith("give --data a folder of videos, a list file or annotations");
    }

    @Test
    void aMissingDataPathIsRefusedNamingIt() {
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--data", work.resolve("nowhere").toString(),
                "--steps", "1", "--out", work.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("nowhere").contains("no such file or folder");
    }
}
