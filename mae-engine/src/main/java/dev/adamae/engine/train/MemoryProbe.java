package dev.adamae.engine.train;

import java.io.IOException;
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

    /** Returns the native memory JavaCPP tracks (ND4J's arrays and buffers). */
    public static double offHeapMegabytes() {
        return Pointer.totalBytes() / MEGABYTE;
    }
}
