package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded moving sprites drawn as Fashion-MNIST images, chosen by setting. */
class FashionMnistSpritesCommandTest {

    private static final String APPEARANCE = "adamae.data.moving-sprites.appearance=fashion-mnist";

    @TempDir
    Path folder;

    @Test
    void theSpritesShowTheImagesOfTheFolderSet() throws IOException {
        writeImages(folder.resolve("train-images-idx3-ubyte.gz"), 5);
        CommandLineRun run = CommandLineRun.of("data", "bench", "--preset", "test", "--clips", "2", "--batch", "2",
                "--set", APPEARANCE, "--set", "adamae.data.moving-sprites.fashion-mnist-dir=" + folder);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Fashion-MNIST sprites from " + folder.resolve("train-images-idx3-ubyte.gz"));
    }

    @Test
    void withoutTheFolderTheRunIsRefusedInOneLineSayingHowToInstallIt() {
        Path absent = folder.resolve("fashion-mnist");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--steps", "1", "--out",
                folder.resolve("run").toString(), "--set", APPEARANCE,
                "--set", "adamae.data.moving-sprites.fashion-mnist-dir=" + absent);
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().strip()).isEqualTo("adamae: Fashion-MNIST folder " + absent
                + " does not exist (adamae.data.moving-sprites.fashion-mnist-dir); install it with: sudo apt-get install"
                + " dataset-fashion-mnist");
    }

    /** Writes {@code count} 28x28 IDX images, gzipped: a white square on black. */
    private static void writeImages(Path file, int count) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < count * 28 * 28; i++) {
                int row = i / 28 % 28;
                int column = i % 28;
                out.writeByte(row > 6 && row < 22 && column > 6 && column < 22 ? 255 : 0);
            }
        }
    }
}
