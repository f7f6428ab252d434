package dev.adamae.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpriteImagesTest {

    private static final String SETTING = "adamae.data.moving-sprites.fashion-mnist-dir";

    @TempDir
    Path folder;

    @Test
    void gzippedAndPlainIdxFilesGiveTheirPixelsInterpolatedBetweenPixelCentres() throws IOException {
        // Two 2x3 images: image i, row r, column c has grey 10 * (c + 3r) + 100i.
        byte[] idx = IdxFiles.images(2, 2, 3, (image, row, column) -> 10 * (column + 3 * row) + 100 * image);
        SpriteImages gzipped = SpriteImages.read(IdxFiles.gzipped(folder.resolve("images.gz"), idx));
        SpriteImages plain = SpriteImages.read(Files.write(folder.resolve("images"), idx));
        for (SpriteImages images : new SpriteImages[] {gzipped, plain}) {
            assertThat(Arrays.asList(images.count(), images.rows(), images.columns())).containsExactly(2, 2, 3);
            assertThat(images.grey(1, 1.5, 2.5)).isCloseTo(150 / 255f, within(1e-6f));
            // Half-way between the centres of columns 0 and 1 of row 0; held at the edge beyond the last centre.
            assertThat(images.grey(0, 0.5, 1.0)).isCloseTo(5 / 255f, within(1e-6f));
            assertThat(images.grey(0, 0.2, 2.9)).isCloseTo(20 / 255f, within(1e-6f));
            assertThat(images.grey(0, 2.0, 1.0)).isZero();
        }
    }

    @Test
    void fashionMnistIsReadFromTheGzippedFileDebianInstallsOrTheUnpackedOne() throws IOException {
        IdxFiles.fashionMnist(folder, 3, (image, row, column) -> image);
        assertThat(SpriteImages.fashionMnist(folder, SETTING).count()).isEqualTo(3);
        Path unpacked = Files.createDirectory(folder.resolve("unpacked"));
        Files.write(unpacked.resolve("train-images-idx3-ubyte"), IdxFiles.images(4, 28, 28, (image, row, column) -> 0));
        assertThat(SpriteImages.fashionMnist(unpacked, SETTING).count()).isEqualTo(4);
    }

    @Test
    void anAbsentFolderIsNamedWithTheSettingAndHowToInstallIt() {
        Path absent = folder.resolve("fashion-mnist");
        assertThatThrownBy(() -> SpriteImages.fashionMnist(absent, SETTING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Fashion-MNIST folder " + absent + " does not exist (" + SETTING
                        + "); install it with: sudo apt-get install dataset-fashion-mnist");
        assertThatThrownBy(() -> SpriteImages.fashionMnist(folder, SETTING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Fashion-MNIST folder " + folder + " holds no train-images-idx3-ubyte.gz (nor train-images-idx3-ubyte) ("
                        + SETTING + "); install it with: sudo apt-get install dataset-fashion-mnist");
    }

    @Test
    void aFileThatIsNotIdxImagesIsRefusedNamingItAndWhy() throws IOException {
        // The labels file of the same family: magic 0x00000801.
        byte[] labels = {0, 0, 8, 1, 0, 0, 0, 2, 7, 3};
        Path labelFile = IdxFiles.gzipped(folder.resolve("labels.gz"), labels);
        assertThatThrownBy(() -> SpriteImages.read(labelFile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(labelFile + ": not an IDX image file (magic number 0x00000801, expected 0x00000803)");

        byte[] images = IdxFiles.images(3, 28, 28, (image, row, column) -> 1);
        Path cut = IdxFiles.gzipped(folder.resolve("cut.gz"), Arrays.copyOf(images, images.length - 100));
        assertThatThrownBy(() -> SpriteImages.read(cut))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(cut + ": truncated: its header announces 3 images of 28x28 (2352 bytes), it holds 2252");

        Path text = Files.writeString(folder.resolve("notes"), "ab");
        assertThatThrownBy(() -> SpriteImages.read(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(text + ": truncated inside its header, not an IDX image file");

        byte[] gzip = Files.readAllBytes(IdxFiles.gzipped(folder.resolve("whole.gz"), images));
        Path damaged = Files.write(folder.resolve("damaged.gz"), Arrays.copyOf(gzip, gzip.length / 2));
        assertThatThrownBy(() -> SpriteImages.read(damaged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(damaged + ": ");
    }
}
