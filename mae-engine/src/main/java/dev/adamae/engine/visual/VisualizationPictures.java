package dev.adamae.engine.visual;

import dev.adamae.engine.model.TubeletLayout;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws a {@link Visualization}: for each frame of the clip, its {@link Panel}s side by side
 * under a strip of labels; one picture with a row per frame, or one picture per frame for an
 * animation.
 *
 * <p>Each clip pixel becomes a {@code scale x scale} square (nearest neighbour). Panels are
 * {@value #GAP} pixels apart and from the edges, below a {@value #HEADER}-pixel label strip: a
 * picture of {@code P} panels and {@code R} rows of a {@code H x W} clip is
 * {@code GAP + P * (W * scale + GAP)} wide and {@code HEADER + R * (H * scale + GAP)} high.
 */
public final class VisualizationPictures {

    /** Pixels between panels, and between the panels and the picture's edges. */
    public static final int GAP = 2;

    /** Height in pixels of the label strip above the panels. */
    public static final int HEADER = 20;

    /** The colour of the picture behind the panels. */
    public static final int BACKGROUND = 0x1E1E1E;

    private static final int LABEL_COLOUR = 0xE6E6E6;
    private static final int LABEL_SCALE = 2;
    private static final int DIM_GREY = 0x30;

    private final Visualization visualization;
    private final TubeletLayout layout;
    private final int scale;
    private final List<Panel> panels;
    private final float[] error;
    private final double largestError;
    private final double largestProbability;

    /**
     * Prepares the pictures.
     *
     * @param scale the side, in picture pixels, of one clip pixel; at least 1
     */
    public VisualizationPictures(Visualization visualization, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("The scale must be at least 1, got " + scale);
        }
        this.visualization = visualization;
        this.layout = visualization.layout();
        this.scale = scale;
        List<Panel> shown = new ArrayList<>(List.of(Panel.values()));
        if (!visualization.hasProbabilities()) {
            shown.remove(Panel.PROBABILITY);
        }
        this.panels = List.copyOf(shown);
        this.error = errorPerPixel(visualization);
        double largest = 0;
        for (float value : error) {
            largest = Math.max(largest, value);
        }
        this.largestError = largest;
        double likeliest = 0;
        if (visualization.hasProbabilities()) {
            for (double p : visualization.probabilities()) {
                likeliest = Math.max(likeliest, p);
            }
        }
        this.largestProbability = likeliest;
    }

    /** Returns the panels drawn, left to right. */
    public List<Panel> panels() {
        return panels;
    }

    /** Returns the side, in picture pixels, of one clip pixel. */
    public int scale() {
        return scale;
    }

    /** Returns a panel's width in pixels. */
    public int panelWidth() {
        return layout.width() * scale;
    }

    /** Returns a panel's height in pixels. */
    public int panelHeight() {
        return layout.height() * scale;
    }

    /** Returns the width of every picture. */
    public int width() {
        return GAP + panels.size() * (panelWidth() + GAP);
    }

    /** Returns the left edge of the panel in column {@code column}. */
    public int panelX(int column) {
        return GAP + column * (panelWidth() + GAP);
    }

    /** Returns the top edge of the panels in row {@code row}. */
    public int rowY(int row) {
        return HEADER + row * (panelHeight() + GAP);
    }

    /** Returns the largest per-pixel error, which the error map's brightest colour stands for. */
    public double largestError() {
        return largestError;
    }

    /** Returns the largest token probability, which the probability map's brightest colour stands for; 0 without one. */
    public double largestProbability() {
        return largestProbability;
    }

    /** Returns the picture of every frame, a row each, top to bottom. */
    public BufferedImage grid() {
        BufferedImage image = blank(layout.frames());
        for (int t = 0; t < layout.frames(); t++) {
            drawRow(image, t, t);
        }
        return image;
    }

    /** Returns the picture of frame {@code t} alone, one frame of the animation. */
    public BufferedImage frame(int t) {
        if (t < 0 || t >= layout.frames()) {
            throw new IndexOutOfBoundsException("Frame " + t + " is outside a clip of " + layout.frames() + " frames");
        }
        BufferedImage image = blank(1);
        drawRow(image, 0, t);
        return image;
    }

    /** Returns the pictures of all frames in order: the animation. */
    public List<BufferedImage> frames() {
        List<BufferedImage> frames = new ArrayList<>();
        for (int t = 0; t < layout.frames(); t++) {
            frames.add(frame(t));
        }
        return frames;
    }

    /** Returns the colour, {@code 0xRRGGBB}, of clip pixel {@code (t, y, x)} in {@code panel}. */
    public int colour(Panel panel, int t, int y, int x) {
        int token = layout.tokenAt(t, y, x);
        return switch (panel) {
            case INPUT -> rgb(visualization.input(), t, y, x);
            case RECONSTRUCTION -> rgb(visualization.reconstruction(), t, y, x);
            case ERROR -> HeatColours.rgb(largestError > 0 ? error[(t * layout.height() + y) * layout.width() + x]
                    / largestError : 0);
            case PROBABILITY -> HeatColours.rgb(largestProbability > 0
                    ? visualization.probabilities()[token] / largestProbability : 0);
            case MASK -> visualization.isHidden(token) ? dim(rgb(visualization.input(), t, y, x))
                    : rgb(visualization.input(), t, y, x);
        };
    }

    /**
     * Returns the colour a hidden pixel of the mask panel takes: each channel three quarters of
     * the way to a dark grey, so that what the encoder sees stands out and the rest stays faintly visible.
     */
    public static int dim(int rgb) {
        int dimmed = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int value = (rgb >> shift) & 0xFF;
            dimmed = (dimmed << 8) | ((value + 3 * DIM_GREY) / 4);
        }
        return dimmed;
    }

    private BufferedImage blank(int rows) {
        BufferedImage image = new BufferedImage(width(), HEADER + rows * (panelHeight() + GAP),
                BufferedImage.TYPE_INT_RGB);
        Arrays.fill(pixelsOf(image), BACKGROUND);
        for (int column = 0; column < panels.size(); column++) {
            drawLabel(image, panels.get(column).label(), panelX(column));
        }
        return image;
    }

    private void drawLabel(BufferedImage image, String label, int left) {
        int labelScale = PixelFont.width(label, LABEL_SCALE) <= panelWidth() ? LABEL_SCALE : 1;
        String shown = label;
        while (PixelFont.width(shown, labelScale) > panelWidth()) {
            shown = shown.substring(0, shown.length() - 1);
        }
        int x = left + (panelWidth() - PixelFont.width(shown, labelScale)) / 2;
        int y = (HEADER - PixelFont.GLYPH_HEIGHT * labelScale) / 2;
        PixelFont.draw(image, shown, x, y, labelScale, LABEL_COLOUR);
    }

    private void drawRow(BufferedImage image, int row, int t) {
        int[] pixels = pixelsOf(image);
        int stride = image.getWidth();
        int top = rowY(row);
        for (int column = 0; column < panels.size(); column++) {
            Panel panel = panels.get(column);
            int left = panelX(column);
            for (int y = 0; y < layout.height(); y++) {
                for (int x = 0; x < layout.width(); x++) {
                    int colour = colour(panel, t, y, x);
                    for (int dy = 0; dy < scale; dy++) {
                        int start = (top + y * scale + dy) * stride + left + x * scale;
                        Arrays.fill(pixels, start, start + scale, colour);
                    }
                }
            }
        }
    }

    private int rgb(float[] clip, int t, int y, int x) {
        int rgb = 0;
        for (int channel = 0; channel < 3; channel++) {
            rgb = (rgb << 8) | toByte(clip[layout.pixelIndex(channel, t, y, x)]);
        }
        return rgb;
    }

    private static int toByte(float value) {
        return Float.isNaN(value) ? 0 : Math.round(Math.min(1f, Math.max(0f, value)) * 255f);
    }

    private static int[] pixelsOf(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    /** Returns the absolute error per pixel, averaged over the colour channels, {@code [frames][height][width]}. */
    private static float[] errorPerPixel(Visualization visualization) {
        TubeletLayout layout = visualization.layout();
        float[] error = new float[layout.frames() * layout.height() * layout.width()];
        for (int t = 0; t < layout.frames(); t++) {
            for (int y = 0; y < layout.height(); y++) {
                for (int x = 0; x < layout.width(); x++) {
                    double sum = 0;
                    for (int channel = 0; channel < 3; channel++) {
                        int i = layout.pixelIndex(channel, t, y, x);
                        sum += Math.abs(visualization.reconstruction()[i] - visualization.input()[i]);
                    }
                    error[(t * layout.height() + y) * layout.width() + x] = (float) (sum / 3);
                }
            }
        }
        return error;
    }
}
