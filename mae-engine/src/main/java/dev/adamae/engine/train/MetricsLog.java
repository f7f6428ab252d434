package dev.adamae.engine.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Appends one JSON object per step to {@code metrics.jsonl}.
 *
 * <p>On resume, the lines of steps after the checkpoint are dropped first: they are done again,
 * so the file ends up with exactly one line per step, as if the run had never stopped.
 */
public final class MetricsLog implements TrainingListener<StepReport> {

    private static final Pattern STEP = Pattern.compile("^\\{\"step\":(\\d+)");

    private final Path file;
    private BufferedWriter writer;

    public MetricsLog(Path file) {
        this.file = file;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            List<String> kept = new ArrayList<>();
            if (startStep > 0 && Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher matcher = STEP.matcher(line);
                    if (matcher.find() && Long.parseLong(matcher.group(1)) <= startStep) {
                        kept.add(line);
                    }
                }
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write metrics to " + file, e);
        }
    }

    @Override
    public void onStep(StepReport metrics) {
        try {
            writer.write(metrics.toJson());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write metrics to " + file, e);
        }
    }

    @Override
    public void onEnd() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close " + file, e);
            }
        }
    }
}
