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
import java.util.stream.Collectors;

/**
 * Appends one JSON object per step to {@code metrics.jsonl}.
 *
 * <p>On resume, the lines of steps after the checkpoint are dropped first: they are done again,
 * so the file ends up with exactly one line per step, as if the run had never stopped. That
 * rewrite is atomic (a kill during it leaves the old file whole), and it drops a last line that
 * a kill cut short or any line that is not one of its own.
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
            List<String> kept = new ArrayList<>();
            if (startStep > 0 && Files.exists(file)) {
                // Bytes that are not UTF-8 decode to U+FFFD, which no line this log writes holds.
                for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
                    Matcher matcher = STEP.matcher(line);
                    if (matcher.find() && matcher.group(1).length() < 12 && line.endsWith("}") && line.indexOf('\uFFFD') < 0
                            && Long.parseLong(matcher.group(1)) <= startStep) {
                        kept.add(line);
                    }
                }
            }
            AtomicFiles.writeString(file, kept.stream().map(line -> line + "\n").collect(Collectors.joining()));
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write metrics to " + file + ": " + AtomicFiles.reason(e), e);
        }
    }

    @Override
    public void onStep(StepReport metrics) {
        try {
            writer.write(metrics.toJson());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write metrics to " + file + ": " + AtomicFiles.reason(e), e);
        }
    }

    @Override
    public void onEnd() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write metrics to " + file + ": " + AtomicFiles.reason(e), e);
            }
        }
    }
}
