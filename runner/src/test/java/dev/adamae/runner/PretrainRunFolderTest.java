package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder that is never lost or mixed by a command that refuses: a refused resume, a
 * crafted or oversized checkpoint, a finished run resumed, a run stopped before its first
 * checkpoint, an output folder that is a file or someone else's, each get one line, and exit
 * code 2 where they are refused, with nothing in the folder changed.
 */
class PretrainRunFolderTest {

    @TempDir
    static Path shared;

    @TempDir
    Path work;

    private static Path finished;

    private static List<String> pretrain(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--preset", "test", "--batch", "2",
                "--seed", "3", "--out", out.toString(), "--set", "adamae.train.checkpoint-every=2",
                "--set", "adamae.data.moving-sprites.clips=8"));
        args.addAll(List.of(extra));
        if (!args.contains("--steps")) {
            args.addAll(List.of("--steps", "4"));
        }
        return args;
    }

    private static CommandLineRun run(List<String> args) {
        return CommandLineRun.of(args.toArray(String[]::new));
    }

    @BeforeAll
    static void finishARun() {
        finished = shared.resolve("finished");
        CommandLineRun run = run(pretrain(finished));
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private Path copyOfFinished() throws IOException {
        Path copy = work.resolve("run");
        try (Stream<Path> files = Files.walk(finished)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(finished.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    /** Returns each file of the folder by its relative path, with a digest of its bytes and its time. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), HexFormat.of().formatHex(digest(Files.readAllBytes(file)))
                        + " " + Files.getLastModifiedTime(file).toMillis());
            }
        }
        return files;
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefusedInOneLine(CommandLineRun run, String... parts) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("adamae: ").contains(parts);
    }

    @Test
    void aRefusedResumeChangesNothingInTheRunFolder() throws IOException {
        Path dir = copyOfFinished();
        Map<String, String> before = snapshot(dir);
        List<String> otherSeed = pretrain(dir, "--resume", "--steps", "6");
        otherSeed.set(otherSeed.indexOf("--seed") + 1, "4");
        assertRefusedInOneLine(run(otherSeed), "was made by another run", "its seed is 3, this run's is 4");
        List<String> otherPreset = pretrain(dir, "--resume", "--steps", "6", "--set", "adamae.model.encoder.depth=1");
        assertThat(run(otherPreset).exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(snapshot(dir)).isEqualTo(before);
    }

    @Test
    void resumingAFinishedRunKeepsItsSummaryAndChangesNothing() throws IOException {
        Path dir = copyOfFinished();
        Map<String, String> before = snapshot(dir);
        CommandLineRun again = run(pretrain(dir, "--resume"));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("already did 4 steps (--steps 4); nothing to do, nothing changed");
        assertThat(snapshot(dir)).isEqualTo(before);
        assertThat(Files.readString(dir.resolve("summary.json"))).contains("final_loss").contains("ms_per_step_median");
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointIsRefusedWithoutResumeAndStartsAgainWithIt() throws IOException {
        Path dir = copyOfFinished();
        // What a kill before the first checkpoint leaves: the configuration and some metrics.
        deleteTree(dir.resolve("checkpoints"));
        Files.delete(dir.resolve("summary.json"));
        List<String> metrics = Files.readAllLines(dir.resolve("metrics.jsonl"));
        Files.write(dir.resolve("metrics.jsonl"), metrics.subList(0, 1));
        assertRefusedInOneLine(run(pretrain(dir)), "already holds a run (stopped before its first checkpoint)",
                "--resume");

        CommandLineRun resumed = run(pretrain(dir, "--resume"));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("stopped before its first checkpoint; starting again from step 0");
        assertThat(losses(Files.readAllLines(dir.resolve("metrics.jsonl")))).isEqualTo(losses(metrics));
        assertThat(dir.resolve("checkpoints/step-000000004.ckpt")).exists();
    }

    @Test
    void aCheckpointWithACraftedManifestIsRefusedInOneLineAndChangesNothing() throws IOException {
        Path dir = copyOfFinished();
        Path newest = dir.resolve("checkpoints/step-000000004.ckpt");
        rewrite(newest, (name, bytes) -> name.equals("manifest.properties")
                ? new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("(?m)^step=.*$", "step=-5")
                        .getBytes(StandardCharsets.ISO_8859_1)
                : bytes, Deflater.NO_COMPRESSION);
        Map<String, String> before = snapshot(dir);
        assertRefusedInOneLine(run(pretrain(dir, "--resume", "--steps", "6")), newest.toString(),
                "its manifest's step is '-5', not a whole number");
        assertThat(snapshot(dir)).isEqualTo(before);
    }

    @Test
    void aZipBombIsRefusedInOneLineByResumeAndByFinetune() throws IOException {
        Path dir = copyOfFinished();
        Path newest = dir.resolve("checkpoints/step-000000004.ckpt");
        // The first parameter becomes 64 MB of zeros, which deflate to about 64 kB.
        byte[] zeros = new byte[64 << 20];
        String[] first = {null};
        rewrite(newest, (name, bytes) -> {
            if (first[0] == null && name.startsWith("parameters/")) {
                first[0] = name;
            }
            return name.equals(first[0]) ? zeros : bytes;
        }, Deflater.BEST_COMPRESSION);
        assertThat(Files.size(newest)).isLessThan(8L << 20);
        Map<String, String> before = snapshot(dir);
        assertRefusedInOneLine(run(pretrain(dir, "--resume", "--steps", "6")), newest.toString(), "inflates to more than");
        assertThat(snapshot(dir)).isEqualTo(before);

        CommandLineRun finetune = CommandLineRun.of("finetune", "--preset", "test", "--set",
                "adamae.data.moving-sprites.clips=8", "--set", "adamae.data.validation.embedded.clips=8",
                "--checkpoint", newest.toString(), "--steps", "1", "--out", work.resolve("finetune").toString());
        assertRefusedInOneLine(finetune, newest.toString(), "inflates to more than", "a zip bomb");
        assertThat(work.resolve("finetune")).doesNotExist();
    }

    @Test
    void anOutputFolderThatIsAFileOrHoldsSomeoneElsesFilesIsRefusedAndLeftAsItWas() throws IOException {
        Path file = Files.writeString(work.resolve("notes.txt"), "mine");
        assertRefusedInOneLine(run(pretrain(file)), file.toString(), "is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("mine");

        Path theirs = Files.createDirectories(work.resolve("theirs"));
        Files.writeString(theirs.resolve("config.conf"), "my own settings");
        assertRefusedInOneLine(run(pretrain(theirs)), theirs.toString(), "holds files that are not a run's (config.conf)");
        assertThat(Files.readString(theirs.resolve("config.conf"))).isEqualTo("my own settings");
        try (Stream<Path> files = Files.list(theirs)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("config.conf", ".lock");
        }

        Path absent = work.resolve("absent");
        assertRefusedInOneLine(run(pretrain(absent, "--resume")), "Nothing to resume");
        assertThat(absent).doesNotExist();
    }

    private static List<String> losses(List<String> metrics) {
        return metrics.stream().map(line -> line.replaceAll(".*\"loss\":([^,]*),.*", "$1")).toList();
    }

    private interface EntryChange {
        byte[] apply(String name, byte[] bytes);
    }

    private static void rewrite(Path file, EntryChange change, int level) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(level);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(change.apply(entry.getKey(), entry.getValue()));
                zip.closeEntry();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
