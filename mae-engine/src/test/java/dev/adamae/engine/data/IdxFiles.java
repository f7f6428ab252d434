package dev.adamae.engine.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX image files, as the MNIST family's, for tests. */
final class IdxFiles {

    /** Gives the grey level, 0 to 255, of a pixel of an image. */
    @FunctionalInterface
    interface Pixels {
        int grey(int image, int row, int column);
    }

    private IdxFiles() {
    }

    /** Returns the bytes of an IDX file of {@code count} images of {@code rows x columns}. */
    static byte[] images(int count, int rows, int columns, Pixels pixels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(SpriteImages.IDX_IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(columns);
            for (int image = 0; image < count; image++) {
                for (int row = 0; row < rows; row++) {
                    for (int column = 0; column < columns; column++) {
                        out.writeByte(pixels.grey(image, row, column));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code content} gzipped to {@code file}. */
    static Path gzipped(Path file, byte[] content) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes Fashion-MNIST's training images file, gzipped as Debian installs it, into {@code folder}. */
    static Path fashionMnist(Path folder, int count, Pixels pixels) {
        return gzipped(folder.resolve(SpriteImages.FASHION_MNIST_IMAGES + SpriteImages.GZIP_EXTENSION),
                images(count, 28, 28, pixels));
    }
}
