package dev.adamae.engine.train;

/**
 * Derives independent seeds from the run's seed, so that every random draw of a step is a
 * function of (seed, step, purpose) alone: resuming at a step needs no saved random state.
 */
public final class Seeds {

    /** The purpose of the seed that orders the clips of an epoch. */
    public static final long DATA_ORDER = 0x0DA7AL;
    /** The purpose of the seed a clip is read (augmented) with. */
    public static final long CLIP_SAMPLE = 0xC11BL;
    /** The purpose of the seed a step's masks are drawn with. */
    public static final long MASKS = 0x3A5CL;
    /** The purpose of the seed a step's decoder masks (dual masking) and decoded tokens are drawn with. */
    public static final long DECODER_MASKS = 0xDEC0L;
    /** The purpose of the seed of the graph's own random ops (dropout) in a step. */
    public static final long GRAPH = 0x6AF0L;
    /** The stream of fine-tuning's mixup and cutmix draws. */
    public static final long MIXING = 0x313BL;
    /** The stream of fine-tuning's drop path draws. */
    public static final long DROP_PATH = 0xD0F7L;

    private Seeds() {
    }

    /** Returns a seed for {@code purpose} at {@code index} (a step, an epoch, a position) of run {@code seed}. */
    public static long derive(long seed, long purpose, long index) {
        return mix(mix(seed ^ mix(purpose)) + index);
    }

    /** SplitMix64's finaliser: a bijection that scatters nearby inputs far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
