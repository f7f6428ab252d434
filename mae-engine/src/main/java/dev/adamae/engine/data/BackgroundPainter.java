package dev.adamae.engine.data;

import java.util.SplittableRandom;

/**
 * Paints the static background of a moving-sprites clip: a smooth colour gradient, a few soft
 * blobs and low-amplitude pixel noise, all muted so that the saturated sprites stand out.
 *
 * <p>The texture gives the autoencoder something to reconstruct besides the sprites, and it
 * stays the same in every frame, so that only the sprites move.
 */
final class BackgroundPainter {

    /** The range of the grey level around which a gradient end is tinted. */
    private static final double DARKEST_GREY = 0.3;
    private static final double LIGHTEST_GREY = 0.7;

    /** The largest tint of one channel away from the grey level. */
    private static final double LARGEST_TINT = 0.12;

    /** The number of soft blobs on every background. */
    private static final int BLOBS = 3;

    /** The range of a blob's spread (its Gaussian standard deviation), over the shorter side. */
    private static final double SMALLEST_BLOB_SPREAD = 0.08;
    private static final double LARGEST_BLOB_SPREAD = 0.25;

    /** The largest change a blob makes to one channel at its centre. */
    private static final double LARGEST_BLOB_STRENGTH = 0.15;

    private BackgroundPainter() {}

    /**
     * Returns a background of {@code height x width} pixels drawn from {@code random}, as three
     * channels in [0, 1], each row-major with width fastest; {@code noise} is the largest change
     * the pixel noise makes to one channel. The noise's draws are made whatever its strength, so
     * that everything else a clip shows does not depend on it.
     */
    static float[][] paint(SplittableRandom random, int height, int width, double noise) {
        double shorterSide = Math.min(height, width);
        double[][] ends = {tintedGrey(random), tintedGrey(random)};
        double heading = random.nextDouble() * 2 * Math.PI;
        double headingX = Math.cos(heading);
        double headingY = Math.sin(heading);
        // The extent of the frame along the heading, so that the gradient spans exactly 0..1.
        double extent = Math.abs(width * headingX) + Math.abs(height * headingY);
        Blob[] blobs = new Blob[BLOBS];
        for (int i = 0; i < BLOBS; i++) {
            blobs[i] = Blob.draw(random, height, width, shorterSide);
        }
        float[][] channels = new float[VideoClip.CHANNELS][height * width];
        double[] blobWeights = new double[BLOBS];
        for (int y = 0; y < height; y++) {
            double fromCentreY = y + 0.5 - height / 2.0;
            for (int x = 0; x < width; x++) {
                double fromCentreX = x + 0.5 - width / 2.0;
                double along = (fromCentreX * headingX + fromCentreY * headingY) / extent + 0.5;
                int pixel = y * width + x;
                for (int i = 0; i < BLOBS; i++) {
                    blobWeights[i] = blobs[i].weight(x + 0.5, y + 0.5);
                }
                for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                    double value = ends[0][channel] + (ends[1][channel] - ends[0][channel]) * along;
                    for (int i = 0; i < BLOBS; i++) {
                        value += blobWeights[i] * blobs[i].strength()[channel];
                    }
                    value += (2 * random.nextDouble() - 1) * noise;
                    channels[channel][pixel] = (float) Math.min(1, Math.max(0, value));
                }
            }
        }
        return channels;
    }

    private static double[] tintedGrey(SplittableRandom random) {
        double grey = RandomRanges.between(random, DARKEST_GREY, LIGHTEST_GREY);
        double[] colour = new double[VideoClip.CHANNELS];
        for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
            colour[channel] = grey + RandomRanges.between(random, -LARGEST_TINT, LARGEST_TINT);
        }
        return colour;
    }

    /** A soft Gaussian spot that shifts the colour around its centre. */
    private record Blob(double centreX, double centreY, double inverseTwiceVariance, double[] strength) {

        static Blob draw(SplittableRandom random, int height, int width, double shorterSide) {
            double centreX = random.nextDouble() * width;
            double centreY = random.nextDouble() * height;
            double spread = RandomRanges.between(random, SMALLEST_BLOB_SPREAD, LARGEST_BLOB_SPREAD) * shorterSide;
            double[] strength = new double[VideoClip.CHANNELS];
            for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                strength[channel] = RandomRanges.between(random, -LARGEST_BLOB_STRENGTH, LARGEST_BLOB_STRENGTH);
            }
            return new Blob(centreX, centreY, 1 / (2 * spread * spread), strength);
        }

        /** Returns how strongly the blob acts at {@code (x, y)}: 1 at its centre, fading to 0. */
        double weight(double x, double y) {
            double deltaX = x - centreX;
            double deltaY = y - centreY;
            return Math.exp(-(deltaX * deltaX + deltaY * deltaY) * inverseTwiceVariance);
        }
    }
}
