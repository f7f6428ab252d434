package dev.adamae.engine.train;

import dev.adamae.api.TokenGrid;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batches of a run, as a function of the step: the clips of epoch {@code e} are visited in
 * an order drawn from the run's seed and {@code e}, {@code batchSize} clips a step.
 *
 * <p>A clip that cannot be read is reported once, counted, and replaced by another clip of the
 * same epoch chosen deterministically, so the run goes on and stays reproducible.
 */
public final class ClipBatches {

    private static final int MAX_REPLACEMENTS = 64;

    private final ClipDataset data;
    private final int batchSize;
    private final long seed;
    private final ModelSettings model;
    private final int frames;
    private final int height;
    private final int width;
    private final Consumer<String> warnings;
    private final Map<String, String> unreadable = new LinkedHashMap<>();
    private long epoch = -1;
    private int[] order;
    private long skipped;

    /**
     * Creates the batches.
     *
     * @param model the model whose clip size clips must have and whose tubelets define tokens
     * @param warnings receives one line per clip that cannot be read, the first time
     */
    public ClipBatches(ClipDataset data, int batchSize, long seed, ModelSettings model, Consumer<String> warnings) {
        if (data.size() < 1) {
            throw new IllegalArgumentException("The data set " + data.description() + " holds no clips");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.model = model;
        this.frames = model.clipFrames();
        this.height = model.clipHeight();
        this.width = model.clipWidth();
        this.warnings = warnings;
    }

    /** Returns the clips of step {@code step} (from 0), {@code [batchSize, 3, T, H, W]}, and their foreground tokens. */
    public ClipBatch batch(long step) {
        int clipValues = VideoClip.CHANNELS * frames * height * width;
        float[] values = new float[batchSize * clipValues];
        boolean[][] tokenForeground = new boolean[batchSize][];
        boolean allKnown = true;
        for (int i = 0; i < batchSize; i++) {
            long position = step * batchSize + i;
            VideoClip clip = readAt(position);
            System.arraycopy(clip.pixels(), 0, values, i * clipValues, clipValues);
            tokenForeground[i] = clip.foreground() == null ? null : tokenForeground(clip);
            allKnown &= tokenForeground[i] != null;
        }
        INDArray clips = Nd4j.create(values, new long[] {batchSize, VideoClip.CHANNELS, frames, height, width},
                DataType.FLOAT);
        return new ClipBatch(clips, allKnown ? tokenForeground : null);
    }

    /** Marks the tokens whose tubelet holds at least one foreground pixel. */
    private boolean[] tokenForeground(VideoClip clip) {
        TokenGrid grid = model.grid();
        boolean[] tokens = new boolean[grid.tokenCount()];
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (clip.foreground()[clip.foregroundIndex(t, y, x)]) {
                        tokens[grid.index(t / model.tubeletFrames(), y / model.tubeletHeight(),
                                x / model.tubeletWidth())] = true;
                    }
                }
            }
        }
        return tokens;
    }

    /** Returns how many times a clip could not be read and was replaced. */
    public long skipped() {
        return skipped;
    }

    /** Returns the clips that could not be read, with the reason, in the order met. */
    public Map<String, String> unreadable() {
        return Map.copyOf(unreadable);
    }

    private VideoClip readAt(long position) {
        int[] epochOrder = orderOf(position / data.size());
        int slot = (int) (position % data.size());
        for (int attempt = 0; attempt <= MAX_REPLACEMENTS; attempt++) {
            // A replacement walks the epoch's order with a stride coprime to nothing in particular:
            // deterministic, and unlikely to meet the same bad clip twice.
            int index = epochOrder[(int) ((slot + (long) attempt * 7919) % data.size())];
            try {
                VideoClip clip = data.read(index, Seeds.derive(seed, Seeds.CLIP_SAMPLE, position));
                if (clip.frames() != frames || clip.height() != height || clip.width() != width) {
                    throw new UnreadableClipException(clip.id() + ": " + clip.frames() + "x" + clip.height() + "x"
                            + clip.width() + " does not fit the model's " + frames + "x" + height + "x" + width);
                }
                return clip;
            } catch (UnreadableClipException e) {
                skipped++;
                String key = String.valueOf(index);
                if (!unreadable.containsKey(key)) {
                    unreadable.put(key, e.getMessage());
                    warnings.accept("skipped: " + e.getMessage());
                }
            }
        }
        throw new IllegalStateException("No readable clip found in " + (MAX_REPLACEMENTS + 1) + " tries in "
                + data.description() + "; " + unreadable.size() + " clips were unreadable so far");
    }

    private int[] orderOf(long wantedEpoch) {
        if (wantedEpoch != epoch) {
            int n = data.size();
            int[] shuffled = new int[n];
            for (int i = 0; i < n; i++) {
                shuffled[i] = i;
            }
            SplittableRandom random = new SplittableRandom(Seeds.derive(seed, Seeds.DATA_ORDER, wantedEpoch));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = swap;
            }
            order = shuffled;
            epoch = wantedEpoch;
        }
        return order;
    }
}
