package dev.adamae.engine.train;

import dev.adamae.api.TokenGrid;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batches of a run, as a function of the step: the clips of epoch {@code e} are visited in
 * an order drawn from the run's seed and {@code e}, {@code batchSize} clips a step.
 *
 * <p>With workers, the batches of the next steps are read on background threads, at most
 * {@code lookahead} ahead, so that the model does not wait for the data when the data can keep
 * up. A batch is a function of its step alone, so the result does not depend on the number of
 * workers or on their timing.
 *
 * <p>A clip that cannot be read is reported once, counted, and replaced by another clip of the
 * same epoch chosen deterministically, so the run goes on and stays reproducible.
 */
public final class ClipBatches implements AutoCloseable {

    private static final int MAX_REPLACEMENTS = 64;

    private final ClipDataset data;
    private final int batchSize;
    private final long seed;
    private final ModelSettings model;
    private final Consumer<String> warnings;
    private final int lookahead;
    private final ExecutorService workers;
    private final Map<Long, Future<ClipBatch>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, String> unreadable = new ConcurrentHashMap<>();
    private final Map<Long, int[]> orders = new LinkedHashMap<>();
    private final AtomicLong skipped = new AtomicLong();

    /** Creates batches read on the calling thread. */
    public ClipBatches(ClipDataset data, int batchSize, long seed, ModelSettings model, Consumer<String> warnings) {
        this(data, batchSize, seed, model, DataLoading.INLINE, warnings);
    }

    /**
     * Creates the batches.
     *
     * @param model the model whose clip size clips must have and whose tubelets define tokens
     * @param loading how many background workers read batches, and how far ahead
     * @param warnings receives one line per clip that cannot be read, the first time
     */
    public ClipBatches(ClipDataset data, int batchSize, long seed, ModelSettings model, DataLoading loading,
            Consumer<String> warnings) {
        if (data.size() < 1) {
            throw new IllegalArgumentException("The data set " + data.description() + " holds no clips");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.model = model;
        this.warnings = warnings;
        this.lookahead = loading.lookahead();
        this.workers = loading.workers() == 0 ? null : Executors.newFixedThreadPool(loading.workers(), runnable -> {
            Thread thread = new Thread(runnable, "adamae-data");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Returns the clips of step {@code step} (from 0), {@code [batchSize, 3, T, H, W]}, and their foreground tokens. */
    public ClipBatch batch(long step) {
        if (workers == null) {
            return assemble(step);
        }
        for (long ahead = step; ahead <= step + lookahead; ahead++) {
            long wanted = ahead;
            pending.computeIfAbsent(wanted, key -> workers.submit(() -> assemble(wanted)));
        }
        try {
            return pending.remove(step).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the batch of step " + step, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Reading the batch of step " + step + " failed", e.getCause());
        }
    }

    /** Returns how many times a clip could not be read and was replaced. */
    public long skipped() {
        return skipped.get();
    }

    /** Returns the clips that could not be read, by index, with the reason. */
    public Map<Integer, String> unreadable() {
        return Map.copyOf(unreadable);
    }

    /** Stops the background workers. */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private ClipBatch assemble(long step) {
        int frames = model.clipFrames();
        int height = model.clipHeight();
        int width = model.clipWidth();
        int clipValues = VideoClip.CHANNELS * frames * height * width;
        float[] values = new float[batchSize * clipValues];
        boolean[][] tokenForeground = new boolean[batchSize][];
        boolean allKnown = true;
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            long position = step * batchSize + i;
            VideoClip clip = readAt(position);
            System.arraycopy(clip.pixels(), 0, values, i * clipValues, clipValues);
            labels[i] = clip.label();
            tokenForeground[i] = clip.foreground() == null ? null : tokenForeground(clip);
            allKnown &= tokenForeground[i] != null;
        }
        INDArray clips = Nd4j.create(values, new long[] {batchSize, VideoClip.CHANNELS, frames, height, width},
                DataType.FLOAT);
        return new ClipBatch(clips, allKnown ? tokenForeground : null, labels);
    }

    /** Marks the tokens whose tubelet holds at least one foreground pixel. */
    private boolean[] tokenForeground(VideoClip clip) {
        TokenGrid grid = model.grid();
        boolean[] tokens = new boolean[grid.tokenCount()];
        for (int t = 0; t < clip.frames(); t++) {
            for (int y = 0; y < clip.height(); y++) {
                for (int x = 0; x < clip.width(); x++) {
                    if (clip.foreground()[clip.foregroundIndex(t, y, x)]) {
                        tokens[grid.index(t / model.tubeletFrames(), y / model.tubeletHeight(),
                                x / model.tubeletWidth())] = true;
                    }
                }
            }
        }
        return tokens;
    }

    private VideoClip readAt(long position) {
        int[] epochOrder = orderOf(position / data.size());
        int slot = (int) (position % data.size());
        for (int attempt = 0; attempt <= MAX_REPLACEMENTS; attempt++) {
            // A replacement walks the epoch's order with a large prime stride: deterministic, and
            // unlikely to meet the same bad clip twice.
            int index = epochOrder[(int) ((slot + (long) attempt * 7919) % data.size())];
            try {
                VideoClip clip = data.read(index, Seeds.derive(seed, Seeds.CLIP_SAMPLE, position));
                if (clip.frames() != model.clipFrames() || clip.height() != model.clipHeight()
                        || clip.width() != model.clipWidth()) {
                    throw new UnreadableClipException(clip.id() + ": " + clip.frames() + "x" + clip.height() + "x"
                            + clip.width() + " does not fit the model's " + model.clipFrames() + "x"
                            + model.clipHeight() + "x" + model.clipWidth());
                }
                return clip;
            } catch (UnreadableClipException e) {
                skipped.incrementAndGet();
                if (unreadable.putIfAbsent(index, e.getMessage()) == null) {
                    warnings.accept("skipped: " + e.getMessage());
                }
            }
        }
        throw new IllegalStateException("No readable clip found in " + (MAX_REPLACEMENTS + 1) + " tries in "
                + data.description() + "; " + unreadable.size() + " clips were unreadable so far");
    }

    /** Returns the order of an epoch; the two most recent are kept, as look-ahead may cross an epoch's end. */
    private synchronized int[] orderOf(long epoch) {
        int[] order = orders.get(epoch);
        if (order == null) {
            order = shuffledOrder(epoch);
            orders.put(epoch, order);
            if (orders.size() > 2) {
                orders.remove(orders.keySet().iterator().next());
            }
        }
        return order;
    }

    private int[] shuffledOrder(long epoch) {
        int n = data.size();
        int[] shuffled = new int[n];
        for (int i = 0; i < n; i++) {
            shuffled[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, Seeds.DATA_ORDER, epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = swap;
        }
        return shuffled;
    }
}
