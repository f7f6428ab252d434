package dev.adamae.engine.train;

import dev.adamae.api.TokenGrid;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <p>A clip that cannot be read is replaced by another clip of the same epoch chosen
 * deterministically, so the run goes on and stays reproducible; it is reported once and counted,
 * in all and by its {@link UnreadableClipException#reason() reason}, when its batch is handed
 * out, so the counts too are those of the batches handed out, whatever was read ahead. With
 * {@link DataLoading#strict() strict} loading, the first unreadable clip instead stops the run
 * with a {@link DataLoadingException}; so does a data set none of whose clips can be read.
 */
public final class ClipBatches implements AutoCloseable {

    /** The reason category of a clip whose size is not the model's. */
    public static final String WRONG_CLIP_SIZE = "wrong clip size";

    private static final int MAX_REPLACEMENTS = 64;

    private final ClipDataset data;
    private final int batchSize;
    private final long seed;
    private final ModelSettings model;
    private final Consumer<String> warnings;
    private final int lookahead;
    private final ExecutorService workers;
    private final boolean strict;
    private final Map<Long, Future<Assembled>> pending = new ConcurrentHashMap<>();
    private final Set<Integer> failing = ConcurrentHashMap.newKeySet();
    private final Map<Long, int[]> orders = new LinkedHashMap<>();
    // What the batches handed out skipped; guarded by this.
    private final Map<Integer, String> unreadable = new HashMap<>();
    private final Map<String, Long> skippedByReason = new HashMap<>();
    private long skipped;

    /** A batch, and the clips skipped while it was read, in reading order. */
    private record Assembled(ClipBatch batch, List<UnreadableClip> skips) {
    }

    /** A clip that could not be read. */
    private record UnreadableClip(int index, UnreadableClipException failure) {
    }

    /** Creates batches read on the calling thread. */
    public ClipBatches(ClipDataset data, int batchSize, long seed, ModelSettings model, Consumer<String> warnings) {
        this(data, batchSize, seed, model, DataLoading.INLINE, warnings);
    }

    /**
     * Creates the batches.
     *
     * @param model the model whose clip size clips must have and whose tubelets define tokens
     * @param loading how many background workers read batches, how far ahead, and whether an unreadable clip stops the run
     * @param warnings receives one line per clip that cannot be read, the first time a batch handed out skips it
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
        this.strict = loading.strict();
        this.workers = loading.workers() == 0 ? null : Executors.newFixedThreadPool(loading.workers(), runnable -> {
            Thread thread = new Thread(runnable, "adamae-data");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Returns the clips of step {@code step} (from 0), {@code [batchSize, 3, T, H, W]}, and their foreground tokens.
     *
     * @throws DataLoadingException when a clip cannot be read and loading is strict, or no clip can be read
     */
    public ClipBatch batch(long step) {
        Assembled assembled;
        if (workers == null) {
            assembled = assemble(step);
        } else {
            for (long ahead = step; ahead <= step + lookahead; ahead++) {
                long wanted = ahead;
                pending.computeIfAbsent(wanted, key -> workers.submit(() -> assemble(wanted)));
            }
            try {
                assembled = pending.remove(step).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the batch of step " + step, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("Reading the batch of step " + step + " failed", e.getCause());
            }
        }
        count(assembled.skips());
        return assembled.batch();
    }

    /** Returns how many times a clip could not be read and was replaced, in the batches handed out. */
    public synchronized long skipped() {
        return skipped;
    }

    /**
     * Returns how many times a clip could not be read, by {@link UnreadableClipException#reason() reason}, in the
     * batches handed out: the most frequent reason first, equal counts by name.
     */
    public synchronized Map<String, Long> skippedByReason() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        skippedByReason.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return ordered;
    }

    /** Returns the clips that could not be read in the batches handed out, by index, with the reason. */
    public synchronized Map<Integer, String> unreadable() {
        return Map.copyOf(unreadable);
    }

    /** Returns what the batches handed out skipped, for a checkpoint. */
    public synchronized DataSkips skips() {
        return new DataSkips(skipped, unreadable, skippedByReason());
    }

    /**
     * Takes up the counts of a resumed run, as if its earlier batches had been handed out here;
     * the clips it reported are not reported again.
     */
    public synchronized void restore(DataSkips skips) {
        skipped = skips.clips();
        unreadable.clear();
        unreadable.putAll(skips.unreadable());
        skippedByReason.clear();
        skippedByReason.putAll(skips.byReason());
    }

    /** Counts the clips a batch skipped, and reports each clip the first time. */
    private synchronized void count(List<UnreadableClip> skips) {
        for (UnreadableClip skip : skips) {
            skipped++;
            skippedByReason.merge(skip.failure().reason(), 1L, Long::sum);
            if (unreadable.putIfAbsent(skip.index(), skip.failure().getMessage()) == null) {
                warnings.accept("skipped: " + skip.failure().getMessage());
            }
        }
    }

    /** Stops the background workers. */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private Assembled assemble(long step) {
        int frames = model.clipFrames();
        int height = model.clipHeight();
        int width = model.clipWidth();
        int clipValues = VideoClip.CHANNELS * frames * height * width;
        float[] values = new float[batchSize * clipValues];
        boolean[][] tokenForeground = new boolean[batchSize][];
        boolean allKnown = true;
        int[] labels = new int[batchSize];
        List<UnreadableClip> skips = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            long position = step * batchSize + i;
            VideoClip clip = readAt(position, skips);
            System.arraycopy(clip.pixels(), 0, values, i * clipValues, clipValues);
            labels[i] = clip.label();
            tokenForeground[i] = clip.foreground() == null ? null : tokenForeground(clip);
            allKnown &= tokenForeground[i] != null;
        }
        INDArray clips = Nd4j.create(values, new long[] {batchSize, VideoClip.CHANNELS, frames, height, width},
                DataType.FLOAT);
        return new Assembled(new ClipBatch(clips, allKnown ? tokenForeground : null, labels), skips);
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

    /** Reads the clip at {@code position} of the run, or the replacement of an unreadable one, noting each in {@code skips}. */
    private VideoClip readAt(long position, List<UnreadableClip> skips) {
        int[] epochOrder = orderOf(position / data.size());
        int slot = (int) (position % data.size());
        UnreadableClipException last = null;
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
                            + model.clipHeight() + "x" + model.clipWidth(), WRONG_CLIP_SIZE);
                }
                failing.remove(index);
                return clip;
            } catch (UnreadableClipException e) {
                if (strict) {
                    throw new DataLoadingException(e.getMessage(), e);
                }
                last = e;
                skips.add(new UnreadableClip(index, e));
                failing.add(index);
                if (failing.size() == data.size()) {
                    throw new DataLoadingException("No clip of " + data.description() + " can be read; the last one tried: "
                            + e.getMessage(), e);
                }
            }
        }
        throw new DataLoadingException("No readable clip found in " + (MAX_REPLACEMENTS + 1) + " tries in "
                + data.description() + "; the last one tried: " + last.getMessage(), last);
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
