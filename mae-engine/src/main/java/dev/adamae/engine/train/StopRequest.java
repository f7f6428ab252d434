package dev.adamae.engine.train;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A request from outside a training loop (a signal, in the command line) that it stop cleanly:
 * finish the step in progress, write a checkpoint, and end with {@link TrainingStoppedException}.
 *
 * <p>A process has one: signals are the process's. It is honoured only while a loop runs; whoever
 * asks learns from {@link #request} whether a loop will act on it.
 */
public final class StopRequest {

    private static final AtomicReference<String> REASON = new AtomicReference<>();
    private static final AtomicInteger LOOPS = new AtomicInteger();

    private StopRequest() {
    }

    /**
     * Asks the running training loops to stop after their current step.
     *
     * @param reason why, for the message, e.g. {@code SIGTERM}
     * @return whether a loop is running that will stop; when none is, nothing was recorded
     */
    public static boolean request(String reason) {
        if (LOOPS.get() == 0) {
            return false;
        }
        REASON.compareAndSet(null, reason);
        return true;
    }

    /** Returns the reason of a pending request. */
    public static Optional<String> pending() {
        return Optional.ofNullable(REASON.get());
    }

    /** Marks a loop as running; the stop requested before it started is forgotten. */
    static void enter() {
        if (LOOPS.getAndIncrement() == 0) {
            REASON.set(null);
        }
    }

    /** Marks a loop as ended. */
    static void leave() {
        if (LOOPS.decrementAndGet() == 0) {
            REASON.set(null);
        }
    }
}
