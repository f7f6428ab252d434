package dev.adamae.runner.cli;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.ClipStatistics;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.ClipContents;
import dev.adamae.engine.visual.ClipSheet;
import dev.adamae.engine.visual.PictureFiles;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Reports the statistics of a data set that decide whether a masked autoencoder can learn from it
 * ({@link ClipStatistics}), with each clip masked by a strategy, and optionally draws a contact
 * sheet of its first clips.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Reads N clips at the preset's size and reports what decides whether a masked autoencoder can "
                + "learn from them: the share of moving pixels and tubelets (where the data has foreground masks), "
                + "the spread of each tubelet and the share of flat ones, and the mean squared error against the "
                + "normalised-pixel targets of the hidden tubelets (masked by --strategy at --ratio) when predicted "
                + "as 0, as the mean of the visible tubelets of their time slice, or as the nearest visible one.")
public final class DataStatsCommand implements Job {

    /** The clips a contact sheet shows. */
    static final int SHEET_CLIPS = 8;

    /** The frames of each clip a contact sheet shows. */
    static final int SHEET_FRAMES = 4;

    /** The size of a clip pixel on a contact sheet. */
    static final int SHEET_SCALE = 3;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    MaskingOptions masking = new MaskingOptions();

    @Option(names = "--clips", paramLabel = "N", defaultValue = "256",
            description = "Clips to read, the first N of the data set (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the masks and of the clips' random crops (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--picture", paramLabel = "FILE",
            description = "Also writes a PNG of the first " + SHEET_CLIPS + " clips, " + SHEET_FRAMES
                    + " frames each from first to last.")
    Path picture;

    @Option(names = "--json", description = "Prints one JSON object.")
    boolean json;

    @Inject
    ModelSettings model;

    @Inject
    ClipDataset dataset;

    @Inject
    MaskingSelection selection;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        data.addTo(flags);
        masking.addTo(flags);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        if (clips < 1) {
            throw new UsageException("--clips must be at least 1, got " + clips);
        }
        selection.requireMasksWithoutModel();
        if (picture != null && (picture.getParent() != null && !Files.isDirectory(picture.getParent()))) {
            throw new UsageException("--picture " + picture + ": the folder " + picture.getParent() + " does not exist");
        }
        ClipStatistics statistics = new ClipStatistics(model);
        List<VideoClip> sheet = new ArrayList<>();
        int read = Math.min(clips, dataset.size());
        int skipped = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int index = 0; index < read; index++) {
            VideoClip clip;
            try {
                clip = dataset.read(index, seed + index);
            } catch (UnreadableClipException e) {
                skipped++;
                console.warn("skipped: " + e.getMessage());
                continue;
            }
            ClipContent content = selection.strategy().needsContent() ? ClipContents.of(List.of(clip), model) : null;
            TokenMask mask = selection.strategy().sample(new MaskRequest(model.grid(), selection.ratio(), 1, random,
                    null, content, null));
            statistics.add(clip, mask);
            if (sheet.size() < SHEET_CLIPS) {
                sheet.add(clip);
            }
        }
        if (skipped == read) {
            throw new UsageException("No clip of " + dataset.description() + " could be read");
        }
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("data", dataset.description());
        report.put("clip", model.clipFrames() + "x" + model.clipHeight() + "x" + model.clipWidth());
        report.put("tubelet", model.tubeletFrames() + "x" + model.tubeletHeight() + "x" + model.tubeletWidth());
        report.put("strategy", selection.name());
        report.put("ratio", selection.ratio());
        report.put("seed", seed);
        report.putAll(statistics.report());
        report.put("skipped", skipped);
        if (picture != null) {
            try {
                PictureFiles.writePng(ClipSheet.draw(sheet, SHEET_FRAMES, SHEET_SCALE), picture);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + picture + ": " + e.getMessage(), e);
            }
            report.put("picture", picture.toString());
        }
        Reports.print(console, report, json, 26);
        return 0;
    }
}
