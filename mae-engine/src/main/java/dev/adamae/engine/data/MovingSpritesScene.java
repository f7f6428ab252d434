package dev.adamae.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What one moving-sprites clip shows: a static background and the sprites that move over it.
 *
 * <p>Everything a single frame shows (background, number of sprites, their shapes, colours,
 * orientations, sizes and starting positions) is drawn the same way whatever the motion class,
 * in the same order, so that the first frame of a clip tells nothing about its label: only the
 * motion does.
 */
final class MovingSpritesScene {

    /** The sprite colours: saturated, and black and white, so that they stand out on the muted background. */
    static final List<Colour> PALETTE = List.of(
            new Colour(0.90f, 0.15f, 0.15f),
            new Colour(0.15f, 0.80f, 0.25f),
            new Colour(0.15f, 0.30f, 0.95f),
            new Colour(0.95f, 0.90f, 0.15f),
            new Colour(0.90f, 0.20f, 0.85f),
            new Colour(0.15f, 0.85f, 0.90f),
            new Colour(1.00f, 0.55f, 0.10f),
            new Colour(0.97f, 0.97f, 0.97f),
            new Colour(0.05f, 0.05f, 0.05f));

    private static final SpriteShape[] SHAPES = SpriteShape.values();

    private static final double FULL_TURN = 2 * Math.PI;

    /** The range of a textured sprite's stripe wavelength, as a fraction of its radius. */
    private static final double SHORTEST_STRIPES = 0.6;
    private static final double LONGEST_STRIPES = 1.0;

    /** The pixels kept clear between a sprite's soft edge and the frame's border. */
    private static final double CLEAR_BORDER = 1;

    private final int height;
    private final int width;
    private final float[][] background;
    private final List<SpriteTrack> sprites;
    private final SpriteImages images;

    private MovingSpritesScene(int height, int width, float[][] background, List<SpriteTrack> sprites,
            SpriteImages images) {
        this.height = height;
        this.width = width;
        this.background = background;
        this.sprites = sprites;
        this.images = images;
    }

    /**
     * Draws the scene of a {@code height x width} clip whose sprites perform {@code motion}.
     *
     * @param images the images the sprites show, or {@code null} for sprites drawn as shapes
     */
    static MovingSpritesScene draw(SplittableRandom random, MovingSpritesSettings settings, SpriteImages images,
            MotionClass motion, int height, int width) {
        float[][] background = settings.scene() == SceneStyle.TEXTURED
                ? TexturedBackgroundPainter.paint(random, height, width, settings.backgroundNoise())
                : BackgroundPainter.paint(random, height, width, settings.backgroundNoise());
        int count = random.nextInt(settings.sprites().min(), settings.sprites().max() + 1);
        List<SpriteTrack> sprites = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sprites.add(drawSprite(random, settings, images, motion, height, width));
        }
        return new MovingSpritesScene(height, width, background, List.copyOf(sprites), images);
    }

    private static SpriteTrack drawSprite(SplittableRandom random, MovingSpritesSettings settings, SpriteImages images,
            MotionClass motion, int height, int width) {
        double shorterSide = Math.min(height, width);
        SpriteShape shape = SHAPES[random.nextInt(SHAPES.length)];
        Colour colour = PALETTE.get(random.nextInt(PALETTE.size()));
        double rotation = random.nextDouble() * FULL_TURN;
        double radius = between(random, settings.spriteSize()) * shorterSide / 2;
        double travel = between(random, settings.travel()) * shorterSide;
        double orbitHeading = random.nextDouble() * FULL_TURN;
        // Room for the farthest any class could take this sprite: the whole travel in any
        // direction (an orbit ends one diameter away), or the fully grown size. The room does not
        // depend on the class, so neither does the starting position; and as no sprite reaches the
        // border, none ever bounces.
        double reach = Math.max(travel + radius, radius * settings.growth()) + SpriteRenderer.EDGE_BLUR + CLEAR_BORDER;
        double startX = startWithin(random, reach, width);
        double startY = startWithin(random, reach, height);
        // Drawn last, and only for images, so that sprites drawn as shapes stay what they were.
        int image = images == null ? SpriteTrack.NO_IMAGE : random.nextInt(images.count());
        // Drawn after everything else, and only for textured scenes, so that plain ones stay what they were.
        SpriteTrack.Stripes stripes = settings.scene() == SceneStyle.TEXTURED
                ? new SpriteTrack.Stripes(RandomRanges.between(random, SHORTEST_STRIPES, LONGEST_STRIPES),
                        random.nextDouble() * FULL_TURN)
                : SpriteTrack.Stripes.NONE;
        return new SpriteTrack(shape, colour, rotation, startX, startY, radius, travel, orbitHeading,
                settings.growth(), motion, image, stripes);
    }

    /** Draws a start at least {@code reach} from both ends of {@code length}, or the middle if there is no such room. */
    private static double startWithin(SplittableRandom random, double reach, int length) {
        double room = length - 2 * reach;
        double offset = random.nextDouble() * Math.max(room, 0);
        return room > 0 ? reach + offset : length / 2.0;
    }

    private static double between(SplittableRandom random, MovingSpritesSettings.Fraction range) {
        return RandomRanges.between(random, range.min(), range.max());
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** Returns the background, three channels in [0, 1], each row-major; callers must not change it. */
    float[][] background() {
        return background;
    }

    /** Returns the sprites, painted in this order: later ones cover earlier ones. */
    List<SpriteTrack> sprites() {
        return sprites;
    }

    /** Returns the images the sprites show, or {@code null} when they are drawn as shapes. */
    SpriteImages images() {
        return images;
    }
}
