package dev.adamae.engine.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Times every op a SameDiff graph executes, grouped by op type and by the shape of its first
 * output: where a step's native time goes.
 *
 * <p>Add it to a graph with {@code sameDiff.addListeners(...)}; it sees the forward and the
 * gradient pass. Each op's time is the wall time of its execution alone, on the calling thread,
 * without the session's bookkeeping around it (which {@link #totalNanos()} lets a caller compare
 * with the whole step). Call {@link #reset()} to leave warm-up steps out.
 */
public final class OpTimes extends BaseListener {

    /** One group of ops: type, output shape, total time and calls. */
    public record Entry(String op, String shape, long nanos, long calls) {
    }

    private final Map<String, long[]> byKey = new HashMap<>();
    private long started;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        started = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
            INDArray[] outputs) {
        long elapsed = System.nanoTime() - started;
        String shape = outputs.length == 0 || outputs[0] == null ? "[]" : Arrays.toString(outputs[0].shape());
        long[] totals = byKey.computeIfAbsent(op.getOp().opName() + " " + shape, key -> new long[2]);
        totals[0] += elapsed;
        totals[1]++;
    }

    /** Forgets every time recorded so far. */
    public void reset() {
        byKey.clear();
    }

    /** Returns the time of all ops recorded since the last reset, in nanoseconds. */
    public long totalNanos() {
        return byKey.values().stream().mapToLong(totals -> totals[0]).sum();
    }

    /** Returns the groups, the slowest first. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        byKey.forEach((key, totals) -> {
            int space = key.indexOf(' ');
            entries.add(new Entry(key.substring(0, space), key.substring(space + 1), totals[0], totals[1]));
        });
        entries.sort(Comparator.comparingLong(Entry::nanos).reversed().thenComparing(Entry::op));
        return entries;
    }

    /** Returns the time per op type, the slowest first. */
    public List<Entry> byOp() {
        Map<String, long[]> totals = new HashMap<>();
        for (Entry entry : entries()) {
            long[] sum = totals.computeIfAbsent(entry.op(), key -> new long[2]);
            sum[0] += entry.nanos();
            sum[1] += entry.calls();
        }
        List<Entry> entries = new ArrayList<>();
        totals.forEach((op, sum) -> entries.add(new Entry(op, "", sum[0], sum[1])));
        entries.sort(Comparator.comparingLong(Entry::nanos).reversed().thenComparing(Entry::op));
        return entries;
    }
}
