package dev.adamae.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Grey images that moving sprites can show, read from an IDX image file, the format of the
 * MNIST family (Fashion-MNIST among them): a big-endian header of the magic number
 * {@value #IDX_IMAGES_MAGIC}, the number of images, rows and columns, then one byte per pixel,
 * image by image, row by row; gzipped or not. Immutable.
 */
final class SpriteImages {

    /** The magic number of an IDX file of unsigned bytes in three dimensions (images, rows, columns). */
    static final int IDX_IMAGES_MAGIC = 0x00000803;

    /** Fashion-MNIST's training images, as Debian's dataset-fashion-mnist installs them (gzipped). */
    static final String FASHION_MNIST_IMAGES = "train-images-idx3-ubyte";

    /** The gzip extension of the installed file. */
    static final String GZIP_EXTENSION = ".gz";

    /** What to do when Fashion-MNIST is missing. */
    static final String INSTALL_HINT = "install it with: sudo apt-get install dataset-fashion-mnist";

    /** The largest side an image may have; IDX images are small. */
    private static final int LARGEST_SIDE = 4096;

    private static final int GZIP_MAGIC = 0x1F8B;

    private final String source;
    private final int count;
    private final int rows;
    private final int columns;
    private final byte[] pixels;

    private SpriteImages(String source, int count, int rows, int columns, byte[] pixels) {
        this.source = source;
        this.count = count;
        this.rows = rows;
        this.columns = columns;
        this.pixels = pixels;
    }

    /**
     * Reads Fashion-MNIST's training images from {@code folder}: {@value #FASHION_MNIST_IMAGES}
     * gzipped, as Debian installs it, or unpacked.
     *
     * @param setting the setting that named the folder, for messages
     * @throws IllegalArgumentException when the folder or the file is missing or the file is not
     *     IDX images, in one line that names the folder or file and what to do
     * @throws UncheckedIOException when the file cannot be read
     */
    static SpriteImages fashionMnist(Path folder, String setting) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Fashion-MNIST folder " + folder + " " + (Files.exists(folder) ? "is not a folder"
                    : "does not exist") + " (" + setting + "); " + INSTALL_HINT);
        }
        Path gzipped = folder.resolve(FASHION_MNIST_IMAGES + GZIP_EXTENSION);
        Path unpacked = folder.resolve(FASHION_MNIST_IMAGES);
        if (Files.isRegularFile(gzipped)) {
            return read(gzipped);
        }
        if (Files.isRegularFile(unpacked)) {
            return read(unpacked);
        }
        throw new IllegalArgumentException("Fashion-MNIST folder " + folder + " holds no " + gzipped.getFileName() + " (nor "
                + unpacked.getFileName() + ") (" + setting + "); " + INSTALL_HINT);
    }

    /**
     * Reads an IDX image file, gzipped or not.
     *
     * @throws IllegalArgumentException when the file is not IDX images or ends early, naming it
     * @throws UncheckedIOException when the file cannot be read
     */
    static SpriteImages read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(unpacked(raw, file))) {
            int magic = in.readInt();
            if (magic != IDX_IMAGES_MAGIC) {
                throw new IllegalArgumentException(file + ": not an IDX image file (magic number 0x"
                        + String.format("%08x", magic) + ", expected 0x" + String.format("%08x", IDX_IMAGES_MAGIC) + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (count < 1 || rows < 1 || columns < 1 || rows > LARGEST_SIDE || columns > LARGEST_SIDE
                    || (long) count * rows * columns > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(file + ": its header announces " + count + " images of " + rows + "x"
                        + columns + ", not a size this reader takes");
            }
            byte[] pixels = new byte[count * rows * columns];
            int read = in.readNBytes(pixels, 0, pixels.length);
            if (read < pixels.length) {
                throw new IllegalArgumentException(file + ": truncated: its header announces " + count + " images of " + rows
                        + "x" + columns + " (" + pixels.length + " bytes), it holds " + read);
            }
            return new SpriteImages(file.toString(), count, rows, columns, pixels);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": truncated inside its header, not an IDX image file", e);
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + ": damaged gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Returns the stream of the file's content, un-gzipped when it starts as gzip does. */
    private static InputStream unpacked(InputStream raw, Path file) throws IOException {
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        return (first << 8 | second) == GZIP_MAGIC ? new GZIPInputStream(raw) : raw;
    }

    /** Returns the file the images were read from. */
    String source() {
        return source;
    }

    /** Returns the number of images. */
    int count() {
        return count;
    }

    /** Returns the rows of an image. */
    int rows() {
        return rows;
    }

    /** Returns the columns of an image. */
    int columns() {
        return columns;
    }

    /**
     * Returns the grey level in {@code [0, 1]} of image {@code image} at a point given in pixels
     * from its top-left corner ({@code (0.5, 0.5)} is the centre of its first pixel), interpolated
     * bilinearly between pixel centres and held at the edge; 0 outside the image.
     */
    float grey(int image, double row, double column) {
        if (!(row >= 0 && row < rows && column >= 0 && column < columns)) {
            return 0;
        }
        double y = row - 0.5;
        double x = column - 0.5;
        int top = (int) Math.floor(y);
        int left = (int) Math.floor(x);
        double down = y - top;
        double across = x - left;
        double upper = (1 - across) * pixel(image, top, left) + across * pixel(image, top, left + 1);
        double lower = (1 - across) * pixel(image, top + 1, left) + across * pixel(image, top + 1, left + 1);
        return (float) (((1 - down) * upper + down * lower) / 255.0);
    }

    private int pixel(int image, int row, int column) {
        int y = Math.min(Math.max(row, 0), rows - 1);
        int x = Math.min(Math.max(column, 0), columns - 1);
        return pixels[(image * rows + y) * columns + x] & 0xFF;
    }
}
