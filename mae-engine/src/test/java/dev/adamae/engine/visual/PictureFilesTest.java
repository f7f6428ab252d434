package dev.adamae.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG and the looping GIF, read back with the JDK's readers. */
class PictureFilesTest {

    @TempDir
    Path dir;

    private static BufferedImage picture(int shade) {
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 30; x++) {
                image.setRGB(x, y, (shade << 16) | (x * 8 << 8) | y * 12);
            }
        }
        return image;
    }

    @Test
    void aPngReadsBackPixelForPixel() throws Exception {
        Path file = dir.resolve("grid.png");
        BufferedImage image = picture(200);

        PictureFiles.writePng(image, file);

        BufferedImage read = ImageIO.read(file.toFile());
        assertThat(read.getWidth()).isEqualTo(30);
        assertThat(read.getHeight()).isEqualTo(20);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 30; x++) {
                assertThat(read.getRGB(x, y)).isEqualTo(image.getRGB(x, y));
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("grid.png");
        }
    }

    @Test
    void theGifHasEveryFrameWithItsDelayAndLoopsForEver() throws Exception {
        Path file = dir.resolve("clip.gif");
        List<BufferedImage> frames = List.of(picture(0), picture(100), picture(250));

        PictureFiles.writeGif(frames, 250, file);

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            List<String> delays = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                delays.add(((IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0))
                        .getAttribute("delayTime"));
                assertThat(reader.read(i).getWidth()).isEqualTo(30);
            }
            assertThat(delays).containsOnly("25");
            IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode loop = (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
            assertThat(loop.getAttribute("applicationID")).isEqualTo("NETSCAPE");
            assertThat(loop.getAttribute("authenticationCode")).isEqualTo("2.0");
            assertThat((byte[]) loop.getUserObject()).containsExactly(1, 0, 0);
        } finally {
            reader.dispose();
        }
        // Each frame has its own palette of 256 colours: close to the picture, not exact.
        BufferedImage first = ImageIO.read(file.toFile());
        for (int shift = 0; shift <= 16; shift += 8) {
            int expected = (frames.get(0).getRGB(29, 19) >> shift) & 0xFF;
            assertThat((first.getRGB(29, 19) >> shift) & 0xFF).isCloseTo(expected, within(16));
        }
    }
}
