package dev.adamae.engine.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of SameDiff's training sessions, recycled step by step.
 *
 * <p>SameDiff keeps the intermediate arrays of a training pass for the backward pass and hands
 * none back to its own cache, so each step would allocate, and page in, all of its activations
 * afresh, and free them only when the JVM collects. A training step is the same graph with the
 * same shapes every time, so this arena gives out buffers by (type, length) and takes them all
 * back at the start of the next step ({@link #nextStep()}): after the first step, a step
 * allocates nothing. It ignores SameDiff's releases within a step, so a buffer is never reused
 * while a view of it may still be read.
 *
 * <p>Arrays a step returns (losses, gradients) belong to the arena: read them before the next step.
 */
public final class StepArena extends AbstractMemoryMgr {

    /** Arrays smaller than this many values are cheap to allocate and are not pooled. */
    private static final long SMALLEST_POOLED = 1024;

    /** The name SameDiff gives a graph's gradient function. */
    private static final String GRADIENT_FUNCTION = "grad";

    private final Map<String, Deque<DataBuffer>> free = new HashMap<>();
    private final List<Map.Entry<String, DataBuffer>> inUse = new ArrayList<>();
    private long pooledBytes;

    /**
     * Makes the calling thread's sessions of {@code sameDiff} and of its gradient function use
     * this arena, creating the gradient function and the sessions now if need be; call it on the
     * thread that trains, before the first step.
     */
    public void installOn(SameDiff sameDiff) {
        if (sameDiff.getFunction(GRADIENT_FUNCTION) == null) {
            sameDiff.createGradFunction();
        }
        long thread = Thread.currentThread().getId();
        for (SameDiff graph : new SameDiff[] {sameDiff, sameDiff.getFunction(GRADIENT_FUNCTION)}) {
            graph.getSessions().computeIfAbsent(thread, id -> new InferenceSession(graph)).setMmgr(this);
        }
    }

    /** Takes back every buffer given out since the previous call. */
    public synchronized void nextStep() {
        for (Map.Entry<String, DataBuffer> entry : inUse) {
            if (!entry.getValue().wasClosed()) {
                free.computeIfAbsent(entry.getKey(), key -> new ArrayDeque<>()).push(entry.getValue());
            }
        }
        inUse.clear();
    }

    /** Returns the bytes of all pooled buffers, given out or free. */
    public synchronized long pooledBytes() {
        return pooledBytes;
    }

    @Override
    public synchronized INDArray allocate(boolean detached, DataType dataType, long... shape) {
        long length = 1;
        for (long size : shape) {
            length *= size;
        }
        if (length < SMALLEST_POOLED) {
            return Nd4j.createUninitializedDetached(dataType, shape);
        }
        String key = dataType + ":" + length;
        Deque<DataBuffer> buffers = free.get(key);
        DataBuffer buffer = buffers == null ? null : buffers.poll();
        INDArray array;
        if (buffer == null) {
            array = Nd4j.createUninitializedDetached(dataType, shape);
            buffer = array.data();
            pooledBytes += length * dataType.width();
        } else {
            array = Nd4j.create(buffer, shape, Nd4j.getStrides(shape, 'c'), 0, 'c', dataType);
        }
        inUse.add(Map.entry(key, buffer));
        return array;
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty() || descriptor.getOrder() != 'c') {
            return Nd4j.create(descriptor, false);
        }
        return allocate(detached, descriptor.dataType(), descriptor.getShape());
    }

    @Override
    public void release(INDArray array) {
        // Buffers come back all at once in nextStep(): see the class comment.
    }

    @Override
    public void close() {
        // The buffers are freed when the arena is collected.
    }
}
