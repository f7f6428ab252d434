package dev.adamae.runner.cli;

import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.runner.AdaMaeMain;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.video.VideoDataSettings;
import dev.adamae.video.VideoDecoder;
import dev.adamae.video.VideoEntry;
import dev.adamae.video.VideoFileDataset;
import dev.adamae.video.VideoMetadata;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Decodes every video of a data set and reports, file by file, what it holds and whether it can be used. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Decodes every file of a data set and prints one row per file (frames, fps, resolution, "
                + "codec, status), then a summary. Exits with 1 when any file is bad.")
public final class DataCheckCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--strict", description = "Stops at the first bad file, with its reason.")
    boolean strict;

    @Inject
    ClipDataset dataset;

    @Inject
    VideoDataSettings video;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        data.addTo(flags);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        if (!(dataset instanceof VideoFileDataset files)) {
            throw new UsageException("data check reads video files; the data is " + dataset.description()
                    + ": give --data a folder of videos, a list file or annotations");
        }
        PrintWriter out = console.out();
        String format = "%-8s %6s %7s %10s %-10s %s%n";
        out.printf(format, "STATUS", "FRAMES", "FPS", "SIZE", "CODEC", "FILE / REASON");
        List<VideoEntry> entries = files.entries();
        int bad = 0;
        for (int index = 0; index < entries.size(); index++) {
            VideoEntry entry = entries.get(index);
            try (VideoDecoder decoder = VideoDecoder.open(entry.file(), video.decoder())) {
                VideoMetadata metadata = decoder.metadata();
                int frames = decoder.countFrames();
                // A real clip through the whole pipeline: decoding at the clip's frames, crop, resize.
                files.read(index, 0);
                out.printf(Locale.ROOT, format, "ok", frames, String.format(Locale.ROOT, "%.2f", metadata.framesPerSecond()),
                        metadata.width() + "x" + metadata.height(), metadata.codec(), entry.file());
            } catch (UnreadableClipException e) {
                bad++;
                out.printf(format, "BAD", "-", "-", "-", "-", e.getMessage());
                if (strict) {
                    out.flush();
                    console.err().println("adamae: " + e.getMessage());
                    return AdaMaeMain.FAILED;
                }
            }
            out.flush();
        }
        out.printf("%d files: %d ok, %d bad%n", entries.size(), entries.size() - bad, bad);
        out.flush();
        return bad == 0 ? AdaMaeMain.OK : AdaMaeMain.FAILED;
    }
}
