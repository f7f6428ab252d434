package dev.adamae.engine.data;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The settings of the moving-sprites data set, read from {@code adamae.data.moving-sprites} and
 * checked at start-up.
 *
 * <p>Sizes and distances are fractions of the clip's shorter side, so that one set of settings
 * fits every preset.
 *
 * @param clips the number of clips in the set
 * @param seed the base seed; clip {@code i} is a function of this seed and {@code i} alone
 * @param sprites how many sprites a clip shows, drawn uniformly in the range
 * @param spriteSize the diameter of a sprite's bounding circle in the first frame
 * @param travel the distance a sprite moves over the clip; the diameter of its orbit for the
 *     turning classes
 * @param growth the factor by which a growing sprite's size grows over the clip; a shrinking
 *     sprite's size is divided by it
 * @param appearance what the sprites look like
 * @param backgroundNoise the largest change the background's pixel noise makes to one channel
 *     (channels are in [0, 1]); 0 gives a noise-free background
 * @param fashionMnistDir the folder of Fashion-MNIST's IDX files, read when the sprites are Fashion-MNIST images
 * @param scene how the background and the sprites' fill are painted
 */
public record MovingSpritesSettings(
        int clips, long seed, SpriteCount sprites, Fraction spriteSize, Fraction travel, double growth,
        SpriteAppearance appearance, double backgroundNoise, Path fashionMnistDir, SceneStyle scene) {

    /** The configuration section these settings live in. */
    public static final String PATH = "adamae.data.moving-sprites";

    /** The key of the number of clips. */
    public static final String CLIPS = "clips";

    /** The key of the base seed. */
    public static final String SEED = "seed";

    /** The key of the section with the range of sprites per clip. */
    public static final String SPRITES = "sprites";

    /** The key of the section with the range of sprite sizes. */
    public static final String SPRITE_SIZE = "sprite-size";

    /** The key of the section with the range of travel distances. */
    public static final String TRAVEL = "travel";

    /** The key of the growth factor. */
    public static final String GROWTH = "growth";

    /** The key of the sprites' appearance. */
    public static final String APPEARANCE = "appearance";

    /** The key of the background's pixel noise. */
    public static final String BACKGROUND_NOISE = "background-noise";

    /** The largest background noise; above it the noise hides the background's gradient and blobs. */
    public static final double LARGEST_BACKGROUND_NOISE = 0.25;

    /** The key of the scene's style. */
    public static final String SCENE = "scene";

    /** The key of Fashion-MNIST's folder. */
    public static final String FASHION_MNIST_DIR = "fashion-mnist-dir";

    /** The key of a range's lower end. */
    public static final String MIN = "min";

    /** The key of a range's upper end. */
    public static final String MAX = "max";

    /** The most sprites a clip may show; more would cover most of a small frame. */
    public static final int MOST_SPRITES = 8;

    /** The smallest sprite size, as a fraction of the shorter side. */
    public static final double SMALLEST_SPRITE_SIZE = 0.01;

    /** The smallest travel; below it the motion of a small clip is a pixel or two. */
    public static final double SHORTEST_TRAVEL = 0.05;

    /** The smallest growth factor; below it growing and shrinking are hard to see. */
    public static final double SMALLEST_GROWTH = 1.25;

    /** The largest growth factor. */
    public static final double LARGEST_GROWTH = 4;

    /**
     * Half the shorter side: the farthest a sprite's outline may reach from its starting centre,
     * or it could leave the frame.
     */
    public static final double HALF_FRAME = 0.5;

    /**
     * A range of a whole number of sprites.
     *
     * @param min the fewest sprites
     * @param max the most sprites
     */
    public record SpriteCount(int min, int max) {

        public SpriteCount {
            if (min < 1 || max < min || max > MOST_SPRITES) {
                throw new IllegalArgumentException("Sprites per clip must satisfy 1 <= min <= max <= "
                        + MOST_SPRITES + ", got " + min + ".." + max);
            }
        }

        static SpriteCount read(Settings section) {
            int min = section.getInt(MIN, 1, MOST_SPRITES);
            int max = section.getInt(MAX, 1, MOST_SPRITES);
            if (max < min) {
                throw section.invalid(MAX, "must not be less than " + MIN + " = " + min);
            }
            return new SpriteCount(min, max);
        }
    }

    /**
     * A range of fractions of the clip's shorter side.
     *
     * @param min the lower end
     * @param max the upper end
     */
    public record Fraction(double min, double max) {

        public Fraction {
            if (!(min > 0 && max >= min && max <= HALF_FRAME)) {
                throw new IllegalArgumentException("A fraction range must satisfy 0 < min <= max <= " + HALF_FRAME
                        + ", got " + min + ".." + max);
            }
        }

        static Fraction read(Settings section, double lowest) {
            double min = section.getDouble(MIN, lowest, HALF_FRAME);
            double max = section.getDouble(MAX, lowest, HALF_FRAME);
            if (max < min) {
                throw section.invalid(MAX, "must not be less than " + MIN + " = " + min);
            }
            return new Fraction(min, max);
        }
    }

    public MovingSpritesSettings {
        if (clips < 1) {
            throw new IllegalArgumentException("A moving-sprites data set needs at least one clip, got " + clips);
        }
        if (sprites == null || spriteSize == null || travel == null || appearance == null || fashionMnistDir == null
                || scene == null) {
            throw new IllegalArgumentException("Sprites, sprite size, travel, appearance, Fashion-MNIST's folder and the"
                    + " scene must be given");
        }
        if (!(growth >= SMALLEST_GROWTH && growth <= LARGEST_GROWTH)) {
            throw new IllegalArgumentException("Growth must be between " + SMALLEST_GROWTH + " and " + LARGEST_GROWTH
                    + ", got " + growth);
        }
        if (!(backgroundNoise >= 0 && backgroundNoise <= LARGEST_BACKGROUND_NOISE)) {
            throw new IllegalArgumentException("Background noise must be between 0 and " + LARGEST_BACKGROUND_NOISE
                    + ", got " + backgroundNoise);
        }
    }

    /** Reads and checks the settings in section {@value #PATH} of {@code root}. */
    public static MovingSpritesSettings from(Config root) {
        return from(Settings.section(root, PATH));
    }

    /** Reads and checks the settings in {@code section}, which is {@value #PATH} of the configuration. */
    public static MovingSpritesSettings from(Settings section) {
        int clips = section.getInt(CLIPS, 1, Integer.MAX_VALUE);
        long seed = section.getLong(SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        SpriteCount sprites = SpriteCount.read(section.section(SPRITES));
        Fraction spriteSize = Fraction.read(section.section(SPRITE_SIZE), SMALLEST_SPRITE_SIZE);
        Fraction travel = Fraction.read(section.section(TRAVEL), SHORTEST_TRAVEL);
        double growth = section.getDouble(GROWTH, SMALLEST_GROWTH, LARGEST_GROWTH);
        double largestRadius = spriteSize.max() / 2;
        // A sprite starts far enough from every edge to make its whole motion; that room must exist.
        if (travel.max() + largestRadius > HALF_FRAME) {
            throw section.section(TRAVEL).invalid(MAX, "plus half the largest " + SPRITE_SIZE + " (" + largestRadius
                    + ") must be at most " + HALF_FRAME + ", or a sprite could leave the frame");
        }
        if (growth * largestRadius > HALF_FRAME) {
            throw section.invalid(GROWTH, "times half the largest " + SPRITE_SIZE + " (" + largestRadius
                    + ") must be at most " + HALF_FRAME + ", or a growing sprite could outgrow the frame");
        }
        SpriteAppearance appearance = SpriteAppearance.ofSettingName(
                section.getChoice(APPEARANCE, SpriteAppearance.settingNames()));
        double backgroundNoise = section.getDouble(BACKGROUND_NOISE, 0, LARGEST_BACKGROUND_NOISE);
        Path fashionMnistDir;
        try {
            fashionMnistDir = Path.of(section.getString(FASHION_MNIST_DIR));
        } catch (InvalidPathException e) {
            throw section.invalid(FASHION_MNIST_DIR, "is not a valid path (" + e.getReason() + ")");
        }
        SceneStyle scene = SceneStyle.ofSettingName(section.getChoice(SCENE, SceneStyle.settingNames()));
        return new MovingSpritesSettings(clips, seed, sprites, spriteSize, travel, growth, appearance, backgroundNoise,
                fashionMnistDir, scene);
    }

    /** Returns the full key of {@code key} within this section, e.g. {@code adamae.data.moving-sprites.clips}. */
    public static String fullKey(String key) {
        return PATH + "." + key;
    }
}
