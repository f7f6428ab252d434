package dev.adamae.runner.train;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a command's wall time goes, part by part: the time from the JVM's start to the command's
 * first line of work (start-up: class loading, configuration, plugins, injection), then one lap
 * per part of the work (graph building, training, testing, ...). For {@code timing} in a run's
 * summary or results.
 */
public final class PhaseTimes {

    private final Map<String, Object> seconds = new LinkedHashMap<>();
    private long lap;

    private PhaseTimes() {
        lap = System.nanoTime();
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        seconds.put("startup_s", round(sinceStart / 1e3));
    }

    /** Starts the clock: the start-up is the time since the JVM started. */
    public static PhaseTimes start() {
        return new PhaseTimes();
    }

    /** Records the time since the previous lap as {@code <name>_s} (added to it when there is one already). */
    public void lap(String name) {
        long now = System.nanoTime();
        seconds.merge(name + "_s", round((now - lap) / 1e9), (a, b) -> round((Double) a + (Double) b));
        lap = now;
    }

    /** Returns the laps so far, in seconds, in the order they were first recorded. */
    public Map<String, Object> fields() {
        return new LinkedHashMap<>(seconds);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
