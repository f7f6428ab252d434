package dev.adamae.engine.data;

import java.util.SplittableRandom;

/**
 * Paints the static background of a {@link SceneStyle#TEXTURED} clip: a strong colour ramp
 * across the whole frame, cut by a few straight edges that run from border to border, each edge
 * shifting the colour on one of its sides; and optional low-amplitude pixel noise.
 *
 * <p>Made for normalised-pixel targets, which scale every tubelet to unit variance: the ramp is
 * steep enough that no tubelet is flat (its spread within one tubelet stays well above the
 * noise), and everything a tubelet shows (the ramp's direction, an edge's position and angle)
 * continues into its neighbours, so a hidden tubelet can be inferred from the visible ones.
 */
final class TexturedBackgroundPainter {

    /** The range of the grey level at the dark end of the ramp, and at its light end. */
    private static final double DARK_END_LOWEST = 0.15;
    private static final double DARK_END_HIGHEST = 0.3;
    private static final double LIGHT_END_LOWEST = 0.7;
    private static final double LIGHT_END_HIGHEST = 0.85;

    /** The largest tint of one channel of a ramp end away from its grey level. */
    private static final double LARGEST_TINT = 0.1;

    /** How many edges cross the frame, drawn uniformly from this range. */
    private static final int FEWEST_EDGES = 1;
    private static final int MOST_EDGES = 2;

    /** An edge passes through a point within this share of the frame around its centre. */
    private static final double EDGE_CENTRE_SPREAD = 0.6;

    /** The range of the colour shift an edge makes to one channel on its far side. */
    private static final double SMALLEST_SHIFT = 0.08;
    private static final double LARGEST_SHIFT = 0.2;

    private TexturedBackgroundPainter() {}

    /**
     * Returns a background of {@code height x width} pixels drawn from {@code random}, as three
     * channels in [0, 1], each row-major with width fastest; {@code noise} is the largest change
     * the pixel noise makes to one channel.
     */
    static float[][] paint(SplittableRandom random, int height, int width, double noise) {
        boolean lightFirst = random.nextBoolean();
        double[] dark = tinted(random, RandomRanges.between(random, DARK_END_LOWEST, DARK_END_HIGHEST));
        double[] light = tinted(random, RandomRanges.between(random, LIGHT_END_LOWEST, LIGHT_END_HIGHEST));
        double[][] ends = lightFirst ? new double[][] {light, dark} : new double[][] {dark, light};
        double heading = random.nextDouble() * 2 * Math.PI;
        double headingX = Math.cos(heading);
        double headingY = Math.sin(heading);
        double extent = Math.abs(width * headingX) + Math.abs(height * headingY);
        Edge[] edges = new Edge[random.nextInt(FEWEST_EDGES, MOST_EDGES + 1)];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = Edge.draw(random, height, width);
        }
        float[][] channels = new float[VideoClip.CHANNELS][height * width];
        double[] coverage = new double[edges.length];
        for (int y = 0; y < height; y++) {
            double fromCentreY = y + 0.5 - height / 2.0;
            for (int x = 0; x < width; x++) {
                double fromCentreX = x + 0.5 - width / 2.0;
                double along = (fromCentreX * headingX + fromCentreY * headingY) / extent + 0.5;
                for (int i = 0; i < edges.length; i++) {
                    coverage[i] = edges[i].farSide(x + 0.5, y + 0.5);
                }
                int pixel = y * width + x;
                for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                    double value = ends[0][channel] + (ends[1][channel] - ends[0][channel]) * along;
                    for (int i = 0; i < edges.length; i++) {
                        value += coverage[i] * edges[i].shift()[channel];
                    }
                    value += (2 * random.nextDouble() - 1) * noise;
                    channels[channel][pixel] = (float) Math.min(1, Math.max(0, value));
                }
            }
        }
        return channels;
    }

    private static double[] tinted(SplittableRandom random, double grey) {
        double[] colour = new double[VideoClip.CHANNELS];
        for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
            colour[channel] = grey + RandomRanges.between(random, -LARGEST_TINT, LARGEST_TINT);
        }
        return colour;
    }

    /** A straight edge across the frame, through a point and at an angle, that shifts the colour on its far side. */
    private record Edge(double pointX, double pointY, double normalX, double normalY, double[] shift) {

        static Edge draw(SplittableRandom random, int height, int width) {
            double pointX = width * (0.5 + (random.nextDouble() - 0.5) * EDGE_CENTRE_SPREAD);
            double pointY = height * (0.5 + (random.nextDouble() - 0.5) * EDGE_CENTRE_SPREAD);
            double angle = random.nextDouble() * 2 * Math.PI;
            double[] shift = new double[VideoClip.CHANNELS];
            for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                double size = RandomRanges.between(random, SMALLEST_SHIFT, LARGEST_SHIFT);
                shift[channel] = random.nextBoolean() ? size : -size;
            }
            return new Edge(pointX, pointY, Math.cos(angle), Math.sin(angle), shift);
        }

        /**
         * Returns how much of the pixel centred at {@code (x, y)} lies on the far side: 0 or 1
         * away from the edge, falling linearly across one pixel centred on it (anti-aliased).
         */
        double farSide(double x, double y) {
            double distance = (x - pointX) * normalX + (y - pointY) * normalY;
            return Math.min(1, Math.max(0, distance + 0.5));
        }
    }
}
