package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.TubeletLayout;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.CheckpointWeights;
import dev.adamae.engine.visual.PictureFiles;
import dev.adamae.engine.visual.PictureSettings;
import dev.adamae.engine.visual.Visualization;
import dev.adamae.engine.visual.VisualizationPictures;
import dev.adamae.engine.visual.Visualizer;
import dev.adamae.runner.Console;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.runner.visual.RunCheckpoint;
import dev.adamae.video.VideoDataSettings;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Draws what a pre-trained model makes of one masked clip. */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = "Shows what a pre-trained model makes of one clip: for each frame, side by side, the input, the "
                + "reconstruction, the per-pixel error, the sampler's probabilities (for a strategy with a learned "
                + "sampler) and the mask. Writes DIR/<clip>-<strategy>.png (a row per frame) and .gif (an animation) "
                + "and prints their paths. The model, strategy, ratio and loss are the run's (its config.conf, beside "
                + "checkpoints/); --strategy and --ratio choose another mask for the picture.")
public final class VisualizeCommand implements Job {

    private static final String STRATEGY_KEY = MaskingSelection.PATH + ".strategy";
    private static final String RATIO_KEY = MaskingSelection.PATH + ".ratio";

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    MaskingOptions masking = new MaskingOptions();

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH",
            description = "A checkpoint file, or a run's folder or its checkpoints folder (then its newest checkpoint).")
    Path checkpoint;

    @Mixin
    ClipSourceOptions clipSource = new ClipSourceOptions();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seeds the mask, as adamae masks --seed does, and the sampler's dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder the pictures are written to.")
    Path out;

    @Inject
    ModelSettings model;

    @Inject
    MaskingSelection selection;

    @Inject
    LossType lossType;

    @Inject
    ClipDataset dataset;

    @Inject
    VideoDataSettings videoSettings;

    @Inject
    PictureSettings pictureSettings;

    @Inject
    Console console;

    private RunCheckpoint run;

    @Override
    public ConfigRequest configRequest() {
        run = RunCheckpoint.find(checkpoint);
        return runRequest(run, options, masking, clipSource);
    }

    /**
     * Returns the configuration of a command that looks at a checkpoint: the run's settings with
     * the command's options laid over them, reading its clip from {@code clipSource}.
     */
    static ConfigRequest runRequest(RunCheckpoint run, ConfigOptions options, MaskingOptions masking,
            ClipSourceOptions clipSource) {
        Config runSettings = run.settings();
        String runStrategy = stringOf(runSettings, STRATEGY_KEY);
        if (options.preset != null && run.runConfig().isPresent()) {
            String runPreset = stringOf(runSettings, ConfigLoader.PRESET_KEY);
            if (runPreset != null && !runPreset.equals(options.preset)) {
                throw new UsageException("--preset " + options.preset + ": the checkpoint's run was made with preset "
                        + runPreset + ", which its " + run.runConfig().get() + " gives; leave --preset out");
            }
        }
        if (masking.strategy != null && !masking.strategy.equals(runStrategy) && masking.ratio == null) {
            // The run's ratio was chosen for its own strategy: another strategy takes its own default.
            runSettings = runSettings.withoutPath(RATIO_KEY);
        }
        Map<String, Object> flags = new HashMap<>();
        masking.addTo(flags);
        clipSource.addTo(flags);
        return options.request(flags, runSettings);
    }

    @Override
    public Integer call() {
        if (!clipSource.given()) {
            throw new UsageException("visualize needs a clip: --video FILE or --embedded [--index I]");
        }
        clipSource.check();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file, not a folder");
        }
        run.checkFits(model, lossType);
        MaskingStrategy strategy = selection.strategy();
        int visible = strategy.visibleCount(model.grid(), selection.ratio());
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 1, visible, lossType, 0),
                strategy.learnedSampler());
        try {
            CheckpointWeights.restore(run.file(), run.state(), graph);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        }
        VideoClip clip = clipSource.read(dataset, videoSettings, seed);
        console.err().printf("visualize: %s, %s at ratio %s (%d of %d tokens visible), seed %d, %s (step %d)%n",
                clip.id(), selection.name(), selection.ratio(), visible, model.grid().tokenCount(), seed, run.file(),
                run.step());
        console.err().flush();

        Visualization visualization = new Visualizer(graph, strategy, selection.ratio()).show(clip, seed);
        VisualizationPictures pictures = new VisualizationPictures(visualization,
                pictureSettings.scaleFor(TubeletLayout.of(model)));
        String name = clipSource.fileNameOf(clip) + "-" + selection.name();
        Path png = out.resolve(name + ".png");
        Path gif = out.resolve(name + ".gif");
        try {
            Files.createDirectories(out);
            PictureFiles.writePng(pictures.grid(), png);
            PictureFiles.writeGif(pictures.frames(), pictureSettings.frameMillis(), gif);
        } catch (IOException e) {
            throw new RunFailedException("Cannot write the pictures to " + out + ": " + e, e);
        }
        console.err().printf(Locale.ROOT, "visualize: hidden tubelets' mean squared error %.5f (pixels in [0, 1]); "
                        + "the error map's brightest colour is %.4f%s%n",
                visualization.hiddenMeanSquaredError(), pictures.largestError(), visualization.hasProbabilities()
                        ? String.format(Locale.ROOT, ", the probability map's %.5f (uniform: %.5f)",
                                pictures.largestProbability(), 1.0 / model.grid().tokenCount())
                        : "");
        console.err().flush();
        console.out().println(png);
        console.out().println(gif);
        console.out().flush();
        return 0;
    }

    private static String stringOf(Config config, String key) {
        try {
            return config.hasPath(key) ? config.getString(key) : null;
        } catch (ConfigException e) {
            return null;
        }
    }
}
