package dev.adamae.engine.visual;

import dev.adamae.engine.model.Reconstruction;
import dev.adamae.engine.model.TubeletLayout;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Heat maps of a per-token distribution over one clip, one picture per time slice of the token
 * grid: the slice's first frame, each pixel mixed half and half with the heat colour of its
 * token's value over the clip's largest value (the colours of {@code adamae visualize}'s maps).
 */
public final class SaliencyPictures {

    private final TubeletLayout layout;
    private final float[] pixels;
    private final double[] values;
    private final double largest;
    private final int scale;

    /**
     * Creates the pictures.
     *
     * @param layout the clip's tubelet layout
     * @param normalizedClip the clip as the model reads it, ImageNet-normalised, {@code [3, T, H, W]}
     * @param values one value per token of the layout's grid
     * @param scale the side of one clip pixel in the pictures
     */
    public SaliencyPictures(TubeletLayout layout, float[] normalizedClip, double[] values, int scale) {
        if (values.length != layout.grid().tokenCount()) {
            throw new IllegalArgumentException("A saliency map of grid " + layout.grid() + " needs "
                    + layout.grid().tokenCount() + " values, got " + values.length);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("Scale must be positive, got " + scale);
        }
        this.layout = layout;
        this.pixels = Reconstruction.pixels(layout, normalizedClip);
        this.values = values.clone();
        double max = 0;
        for (double value : values) {
            max = Math.max(max, value);
        }
        this.largest = max;
        this.scale = scale;
    }

    /** Returns the number of pictures: the grid's time slices. */
    public int slices() {
        return layout.grid().frames();
    }

    /** Returns the largest value, drawn in the brightest colour. */
    public double largestValue() {
        return largest;
    }

    /** Returns the picture of time slice {@code slice}. */
    public BufferedImage slice(int slice) {
        if (slice < 0 || slice >= slices()) {
            throw new IndexOutOfBoundsException("Slice " + slice + " is outside the grid's " + slices() + " slices");
        }
        BufferedImage image = new BufferedImage(layout.width() * scale, layout.height() * scale,
                BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int frame = slice * layout.tubeletFrames();
        for (int y = 0; y < layout.height(); y++) {
            for (int x = 0; x < layout.width(); x++) {
                int colour = colour(frame, y, x);
                for (int dy = 0; dy < scale; dy++) {
                    int start = (y * scale + dy) * image.getWidth() + x * scale;
                    java.util.Arrays.fill(out, start, start + scale, colour);
                }
            }
        }
        return image;
    }

    /** Returns the colour, {@code 0xRRGGBB}, of clip pixel {@code (frame, y, x)}: the frame and the heat half and half. */
    public int colour(int frame, int y, int x) {
        int heat = HeatColours.rgb(largest > 0 ? values[layout.tokenAt(frame, y, x)] / largest : 0);
        int rgb = 0;
        for (int channel = 0; channel < 3; channel++) {
            float value = pixels[layout.pixelIndex(channel, frame, y, x)];
            int frameByte = Float.isNaN(value) ? 0 : Math.round(Math.min(1f, Math.max(0f, value)) * 255f);
            int heatByte = (heat >> (16 - 8 * channel)) & 0xFF;
            rgb = (rgb << 8) | ((frameByte + heatByte + 1) / 2);
        }
        return rgb;
    }
}
