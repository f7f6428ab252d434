package dev.adamae.engine.visual;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes pictures with the JDK's own image writers: a PNG, and an animated GIF that loops for ever.
 *
 * <p>Each file is written to a hidden temporary file first and renamed into place, so that an
 * existing picture is replaced whole or not at all.
 */
public final class PictureFiles {

    private static final String GIF_METADATA = "javax_imageio_gif_image_1.0";

    private PictureFiles() {
    }

    /** Writes {@code image} as a PNG. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        Path temporary = temporaryOf(file);
        try {
            if (!ImageIO.write(image, "png", temporary.toFile())) {
                throw new IOException("this JVM has no PNG writer");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes {@code frames} as an animated GIF that repeats for ever (the NETSCAPE2.0 extension,
     * loop count 0), each frame shown for {@code frameMillis} (rounded to hundredths of a second).
     * The GIF writer reduces each frame to its own palette of 256 colours.
     */
    public static void writeGif(List<BufferedImage> frames, int frameMillis, Path file) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("An animation needs at least one frame");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        Path temporary = temporaryOf(file);
        try {
            try (ImageOutputStream out = ImageIO.createImageOutputStream(temporary.toFile())) {
                writer.setOutput(out);
                ImageWriteParam parameters = writer.getDefaultWriteParam();
                writer.prepareWriteSequence(null);
                for (int i = 0; i < frames.size(); i++) {
                    BufferedImage frame = frames.get(i);
                    IIOMetadata metadata = writer.getDefaultImageMetadata(
                            ImageTypeSpecifier.createFromRenderedImage(frame), parameters);
                    describeFrame(metadata, Math.max(1, Math.round(frameMillis / 10f)), i == 0);
                    writer.writeToSequence(new IIOImage(frame, null, metadata), parameters);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Sets a frame's delay and, on the first frame, the endless loop. */
    private static void describeFrame(IIOMetadata metadata, int delayHundredths, boolean first) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(GIF_METADATA);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayHundredths));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode extension = new IIOMetadataNode("ApplicationExtension");
            extension.setAttribute("applicationID", "NETSCAPE");
            extension.setAttribute("authenticationCode", "2.0");
            // Sub-block 1, then the loop count as a little-endian short: 0 repeats for ever.
            extension.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(extension);
        }
        metadata.setFromTree(GIF_METADATA, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    private static Path temporaryOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".tmp");
    }
}
