package dev.adamae.runner.train;

import com.sun.management.OperatingSystemMXBean;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.ModelMemory;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.UsageException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * Refuses at start-up a batch whose training step cannot fit in the memory this process may use,
 * with the estimate ({@link ModelMemory}, a lower bound, so what it refuses never fits).
 */
final class MemoryCheck {

    private MemoryCheck() {
    }

    /**
     * Checks one training step of {@code batch} clips with {@code visible} visible tokens each, of
     * which the decoder reconstructs {@code decoded} hidden ones.
     *
     * @throws UsageException naming the batch, the estimate, the limit and the largest batch that might fit
     */
    static void check(ModelSettings model, int batch, int visible, int decoded) {
        long heap = Runtime.getRuntime().maxMemory();
        long clips = ModelMemory.clipBytes(model, batch);
        if (clips > heap) {
            throw refused(batch, "a batch of clips alone takes " + gigabytes(clips) + " of heap, more than the "
                    + gigabytes(heap) + " heap (ADAMAE_HEAP)", heap / ModelMemory.clipBytes(model, 1));
        }
        long nativeLimit = Math.min(Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Long.MAX_VALUE, physicalMemory());
        long step = ModelMemory.trainingStepBytes(model, batch, visible, decoded);
        if (step > nativeLimit) {
            throw refused(batch, "a training step needs at least " + gigabytes(step) + " of native memory, more than the "
                    + gigabytes(nativeLimit) + " this process may use (ADAMAE_NATIVE_MAX, or the machine's memory)",
                    nativeLimit / ModelMemory.trainingStepBytes(model, 1, visible, decoded));
        }
    }

    private static UsageException refused(int batch, String why, long largest) {
        return new UsageException(String.format(Locale.ROOT, "Batch size %d (%s.batch-size, --batch) cannot fit: %s; "
                + "the largest batch that might is about %d", batch, TrainingSettings.PATH, why, Math.max(largest, 0)));
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean system) {
            long total = system.getTotalMemorySize();
            return total > 0 ? total : Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
