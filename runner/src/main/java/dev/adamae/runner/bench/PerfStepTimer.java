package dev.adamae.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adamae.runner.RunFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Measures a strategy's pre-training step with {@code adamae perf --json} in a JVM of its own,
 * with the benchmark's configuration and data and the threads a phase gets: a few untimed steps,
 * then the median of a few timed ones. The report and the log stay in {@code DIR/timing/}.
 */
final class PerfStepTimer implements StepPlanner.StepTimer {

    /** The folder, under the benchmark's, of the measurements. */
    static final String FOLDER = "timing";

    private final Path dir;
    private final BenchRunner.Arguments arguments;
    private final BenchSettings settings;
    private final int threads;
    private final Consumer<String> notes;

    PerfStepTimer(Path benchDir, BenchRunner.Arguments arguments, BenchSettings settings, int threads,
            Consumer<String> notes) {
        this.dir = benchDir.resolve(FOLDER);
        this.arguments = arguments;
        this.settings = settings;
        this.threads = threads;
        this.notes = notes;
    }

    @Override
    public double secondsPerStep(BenchSettings.Entry entry) {
        String name = entry.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        Path log = dir.resolve(name + ".log");
        Path report = dir.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of("perf", "--strategy", entry.strategy(), "--ratio",
                BenchRun.ratioText(entry.ratio()), "--warmup", Integer.toString(settings.timingWarmup()), "--steps",
                Integer.toString(settings.timingSteps()), "--json"));
        args.addAll(arguments.config());
        args.addAll(arguments.data());
        notes.accept(String.format(Locale.ROOT, "bench: timing %s for the %s budget (%d untimed, %d timed steps, %d "
                + "threads)", entry, settings.budget(), settings.timingWarmup(), settings.timingSteps(), threads));
        int exit;
        try {
            Files.createDirectories(dir);
            Files.writeString(log, "# adamae " + String.join(" ", args) + System.lineSeparator());
            exit = ChildJvm.run(args, ChildJvm.threads(threads), log, report, () -> { });
        } catch (IOException e) {
            throw new RunFailedException("Cannot time " + entry + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("The benchmark was interrupted while timing " + entry, e);
        }
        JsonNode measured = RunFolderReader.readJson(report);
        double millis = measured == null ? Double.NaN : measured.path("ms_per_step_median").asDouble(Double.NaN);
        if (exit != 0 || !(millis > 0)) {
            throw new RunFailedException("Timing " + entry + " for the budget failed: "
                    + BenchRunner.reason(log, exit), null);
        }
        return millis / 1000;
    }
}
