package dev.adamae.engine.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/** Reads the process's resident memory and the native memory ND4J holds, in megabytes. */
public final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final double MEGABYTE = 1024.0 * 1024.0;

    private MemoryProbe() {
    }

    /** Returns the resident set size, from {@code /proc/self/status} where there is one. */
    public static double residentMegabytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: fall back on what JavaCPP measures.
        }
        return Pointer.physicalBytes() / MEGABYTE;
    }

    /** Returns the peak resident set size, from {@code /proc/self/status} ({@code VmHWM}). */
    public static double peakResidentMegabytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux.
        }
        return residentMegabytes();
    }

    /**
     * Returns the native memory outside the JVM's own pools: the resident set less what the JVM
     * reports committed for its heap and non-heap areas. ND4J allocates its arrays through native
     * calls that no Java-side counter sees, so this is the measure that includes them.
     */
    public static double offHeapMegabytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        double jvm = (memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted())
                / MEGABYTE;
        return Math.max(0, residentMegabytes() - jvm);
    }
}
