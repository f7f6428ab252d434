package dev.adamae.engine.data;

import dev.adamae.api.InvalidSettingException;
import dev.adamae.engine.ModelSettings;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The embedded default data set: procedural clips of one or a few sprites (discs, squares,
 * triangles, rings, crosses) moving over a static textured background, labelled by how they move.
 * It needs no download. With {@link SpriteAppearance#FASHION_MNIST} the sprites are instead
 * Fashion-MNIST's images of clothes, tinted with the sprite's colour, their background transparent,
 * read from the folder Debian's {@code dataset-fashion-mnist} installs.
 *
 * <p>The eight classes are those of {@link MotionClass}; every sprite of a clip performs the
 * clip's motion, each from its own start. A clip's look in its first frame is drawn independently
 * of its label, so that only the motion tells the class. Clip {@code i} has label {@code i mod 8}:
 * the classes cycle, so any run of consecutive clips is balanced to within one clip per class.
 *
 * <p>Each clip is a function of the base seed and its index alone: reading an index twice gives
 * the same video. The foreground mask marks every pixel a sprite touches in that frame, its soft
 * edge included, so that every other pixel shows the unchanged background. Instances hold no
 * mutable state and may be read from many threads at once.
 */
public final class MovingSpritesDataset implements ClipDataset {

    /** The name of the data set, which starts the description and every clip id. */
    public static final String NAME = "moving-sprites";

    /**
     * The smallest radius a sprite may shrink to, in pixels; below it a thin shape may miss every
     * pixel centre and vanish from a frame.
     */
    public static final double SMALLEST_RADIUS_PIXELS = 1.0;

    /** The golden-ratio increment of SplitMix64, which spreads consecutive indices over the seed space. */
    private static final long SEED_INCREMENT = 0x9E3779B97F4A7C15L;

    /** The multipliers of SplitMix64's finalising mix. */
    private static final long FIRST_MIX_MULTIPLIER = 0xBF58476D1CE4E5B9L;
    private static final long SECOND_MIX_MULTIPLIER = 0x94D049BB133111EBL;

    private final int frames;
    private final int height;
    private final int width;
    private final MovingSpritesSettings settings;
    private final SpriteImages images;

    /**
     * Creates the data set of clips of {@code frames x height x width} pixels, reading
     * Fashion-MNIST's images first when the sprites show them.
     *
     * @param frames at least 2, so that the sprites can be seen to move
     * @throws InvalidSettingException when the smallest sprite would shrink below
     *     {@value #SMALLEST_RADIUS_PIXELS} pixel of radius at this clip size
     * @throws IllegalArgumentException when the sprites show Fashion-MNIST and its folder or file
     *     is missing or damaged, in one line that names it and says how to install it
     * @throws java.io.UncheckedIOException when Fashion-MNIST's file cannot be read
     */
    public MovingSpritesDataset(int frames, int height, int width, MovingSpritesSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (frames < 2 || height < 1 || width < 1) {
            throw new IllegalArgumentException("Moving sprites need at least 2 frames to show motion and at least one pixel,"
                    + " got " + frames + "x" + height + "x" + width);
        }
        double smallestRadius = settings.spriteSize().min() * Math.min(height, width) / 2 / settings.growth();
        if (smallestRadius < SMALLEST_RADIUS_PIXELS) {
            String key = MovingSpritesSettings.fullKey(MovingSpritesSettings.SPRITE_SIZE + "." + MovingSpritesSettings.MIN);
            throw new InvalidSettingException(key, String.valueOf(settings.spriteSize().min()), null,
                    "at clip size " + frames + "x" + height + "x" + width + " a shrinking sprite would end with a radius of "
                            + String.format(Locale.ROOT, "%.2f", smallestRadius) + " pixels, less than "
                            + SMALLEST_RADIUS_PIXELS + "; raise it, or lower "
                            + MovingSpritesSettings.fullKey(MovingSpritesSettings.GROWTH));
        }
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.images = settings.appearance() == SpriteAppearance.FASHION_MNIST
                ? SpriteImages.fashionMnist(settings.fashionMnistDir(),
                        MovingSpritesSettings.fullKey(MovingSpritesSettings.FASHION_MNIST_DIR))
                : null;
    }

    /** Creates the data set of clips of the model's clip size. */
    public static MovingSpritesDataset forModel(ModelSettings model, MovingSpritesSettings settings) {
        return new MovingSpritesDataset(model.clipFrames(), model.clipHeight(), model.clipWidth(), settings);
    }

    @Override
    public String description() {
        return NAME + " (" + settings.clips() + " clips, seed " + settings.seed()
                + (images == null ? "" : ", Fashion-MNIST sprites from " + images.source()) + ")";
    }

    @Override
    public int size() {
        return settings.clips();
    }

    @Override
    public List<String> classNames() {
        return MotionClass.names();
    }

    /** Returns the motion class of clip {@code index}: the classes cycle in label order. */
    public MotionClass motionOf(int index) {
        Objects.checkIndex(index, settings.clips());
        return MotionClass.ofLabel(index % MotionClass.count());
    }

    /**
     * Reads clip {@code index}. The clip depends on the base seed and the index alone: this data
     * set makes no random choice while reading, so {@code sampleSeed} is ignored.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
     */
    @Override
    public VideoClip read(int index, long sampleSeed) {
        MotionClass motion = motionOf(index);
        SplittableRandom random = new SplittableRandom(clipSeed(settings.seed(), index));
        MovingSpritesScene scene = MovingSpritesScene.draw(random, settings, images, motion, height, width);
        return SpriteRenderer.render(NAME + "/" + index, motion.label(), frames, scene);
    }

    /** Mixes the base seed and the index into the seed of one clip's random numbers. */
    static long clipSeed(long baseSeed, int index) {
        return mix(mix(baseSeed) + SEED_INCREMENT * (index + 1L));
    }

    /** The finalising mix of SplitMix64: every input bit changes about half of the output bits. */
    private static long mix(long value) {
        long mixed = (value ^ (value >>> 30)) * FIRST_MIX_MULTIPLIER;
        mixed = (mixed ^ (mixed >>> 27)) * SECOND_MIX_MULTIPLIER;
        return mixed ^ (mixed >>> 31);
    }

    public int frames() {
        return frames;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public MovingSpritesSettings settings() {
        return settings;
    }
}
