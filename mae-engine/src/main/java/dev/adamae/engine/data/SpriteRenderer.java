package dev.adamae.engine.data;

/**
 * Renders a {@link MovingSpritesScene} into a clip: the background in every frame, then each
 * sprite at its pose for that frame, with soft edges and, when it has them, its stripes; and the
 * mask of the pixels the sprites touch.
 *
 * <p>A sprite that shows an image fills the square inscribed in its bounding circle with the
 * image, upright: its grey level shades the sprite's colour, and its black background is
 * transparent.
 */
final class SpriteRenderer {

    /**
     * How far a sprite's soft edge reaches past its outline, in pixels. A pixel's coverage falls
     * from 1 to 0 across one pixel centred on the outline, so the sprites are anti-aliased.
     */
    static final double EDGE_BLUR = 0.5;

    /** An image pixel at least this grey is opaque; darker ones blend into the background, black ones vanish. */
    static final double OPAQUE_GREY = 0.25;

    /** The share of the sprite's colour that the darkest opaque part of an image keeps: its shading. */
    static final double DARKEST_SHADE = 0.4;

    private static final double HALF_SQUARE_ROOT_OF_TWO = Math.sqrt(2) / 2;

    private SpriteRenderer() {}

    /**
     * Renders {@code scene} over {@code frames} frames, the sprites moving from their first pose
     * in the first frame to their last pose in the last frame.
     *
     * @param frames at least 2
     */
    static VideoClip render(String id, int label, int frames, MovingSpritesScene scene) {
        if (frames < 2) {
            throw new IllegalArgumentException("Moving sprites need at least 2 frames to show motion, got " + frames);
        }
        int height = scene.height();
        int width = scene.width();
        int framePixels = height * width;
        float[] pixels = new float[VideoClip.CHANNELS * frames * framePixels];
        boolean[] foreground = new boolean[frames * framePixels];
        // The clip is made around its still-empty buffers so that its own pixelIndex lays out the values.
        VideoClip clip = new VideoClip(id, pixels, frames, height, width, label, foreground);
        for (int frame = 0; frame < frames; frame++) {
            for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                System.arraycopy(scene.background()[channel], 0, pixels, clip.pixelIndex(channel, frame, 0, 0),
                        framePixels);
            }
            double progress = (double) frame / (frames - 1);
            for (SpriteTrack sprite : scene.sprites()) {
                if (sprite.image() == SpriteTrack.NO_IMAGE) {
                    paint(clip, frame, sprite, sprite.pose(progress));
                } else {
                    paintImage(clip, frame, sprite, sprite.pose(progress), scene.images());
                }
            }
        }
        normalise(clip);
        return clip;
    }

    private static void paint(VideoClip clip, int frame, SpriteTrack sprite, SpritePose pose) {
        float[] pixels = clip.pixels();
        boolean[] foreground = clip.foreground();
        double reach = pose.radius() + EDGE_BLUR;
        int top = Math.max(0, (int) Math.floor(pose.centreY() - reach));
        int bottom = Math.min(clip.height() - 1, (int) Math.ceil(pose.centreY() + reach));
        int left = Math.max(0, (int) Math.floor(pose.centreX() - reach));
        int right = Math.min(clip.width() - 1, (int) Math.ceil(pose.centreX() + reach));
        double cosine = Math.cos(sprite.rotation());
        double sine = Math.sin(sprite.rotation());
        SpriteTrack.Stripes stripes = sprite.stripes();
        Colour secondColour = stripes.none() ? sprite.colour() : SpriteTrack.Stripes.second(sprite.colour());
        for (int y = top; y <= bottom; y++) {
            double fromCentreY = y + 0.5 - pose.centreY();
            for (int x = left; x <= right; x++) {
                double fromCentreX = x + 0.5 - pose.centreX();
                // Into the sprite's own orientation.
                double spriteX = fromCentreX * cosine + fromCentreY * sine;
                double spriteY = fromCentreY * cosine - fromCentreX * sine;
                double coverage = EDGE_BLUR - sprite.shape().signedDistance(spriteX, spriteY, pose.radius());
                if (coverage <= 0) {
                    continue;
                }
                float opacity = (float) Math.min(coverage, 1);
                foreground[(frame * clip.height() + y) * clip.width() + x] = true;
                float second = stripes.none() ? 0 : (float) stripes.secondWeight(spriteX, pose.radius());
                for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                    int index = clip.pixelIndex(channel, frame, y, x);
                    float fill = sprite.colour().channel(channel);
                    fill += (secondColour.channel(channel) - fill) * second;
                    pixels[index] += (fill - pixels[index]) * opacity;
                }
            }
        }
    }

    /**
     * Paints the sprite's image into the square inscribed in its bounding circle: each pixel
     * samples the image at its centre, shades the sprite's colour by the grey level, and covers
     * the background as much as the grey level says (black: not at all, so not foreground).
     */
    private static void paintImage(VideoClip clip, int frame, SpriteTrack sprite, SpritePose pose, SpriteImages images) {
        float[] pixels = clip.pixels();
        boolean[] foreground = clip.foreground();
        double halfSide = pose.radius() * HALF_SQUARE_ROOT_OF_TWO;
        int top = Math.max(0, (int) Math.floor(pose.centreY() - halfSide));
        int bottom = Math.min(clip.height() - 1, (int) Math.ceil(pose.centreY() + halfSide));
        int left = Math.max(0, (int) Math.floor(pose.centreX() - halfSide));
        int right = Math.min(clip.width() - 1, (int) Math.ceil(pose.centreX() + halfSide));
        double rowsPerPixel = images.rows() / (2 * halfSide);
        double columnsPerPixel = images.columns() / (2 * halfSide);
        for (int y = top; y <= bottom; y++) {
            double imageRow = (y + 0.5 - (pose.centreY() - halfSide)) * rowsPerPixel;
            for (int x = left; x <= right; x++) {
                double imageColumn = (x + 0.5 - (pose.centreX() - halfSide)) * columnsPerPixel;
                float grey = images.grey(sprite.image(), imageRow, imageColumn);
                if (grey <= 0) {
                    continue;
                }
                float opacity = (float) Math.min(1, grey / OPAQUE_GREY);
                float shade = (float) (DARKEST_SHADE + (1 - DARKEST_SHADE) * grey);
                foreground[(frame * clip.height() + y) * clip.width() + x] = true;
                for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                    int index = clip.pixelIndex(channel, frame, y, x);
                    pixels[index] += (sprite.colour().channel(channel) * shade - pixels[index]) * opacity;
                }
            }
        }
    }

    /** Turns values in [0, 1] into values normalised with the ImageNet mean and standard deviation. */
    private static void normalise(VideoClip clip) {
        float[] pixels = clip.pixels();
        int channelValues = pixels.length / VideoClip.CHANNELS;
        for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
            float mean = VideoClip.MEAN[channel];
            float deviation = VideoClip.STD[channel];
            int start = channel * channelValues;
            for (int i = start; i < start + channelValues; i++) {
                pixels[i] = (pixels[i] - mean) / deviation;
            }
        }
    }
}
