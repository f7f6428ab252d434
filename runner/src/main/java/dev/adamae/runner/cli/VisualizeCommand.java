package dev.adamae.runner.cli;

import dev.adamae.api.MaskingStrategy;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.TubeletLayout;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.CheckpointWeights;
import dev.adamae.engine.visual.PictureFiles;
import dev.adamae.engine.visual.Visualization;
import dev.adamae.engine.visual.VisualizationPictures;
import dev.adamae.engine.visual.Visualizer;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Draws what a pre-trained model makes of one masked clip. */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = "Shows what a pre-trained model makes of one clip: for each frame, side by side, the input, the "
                + "reconstruction, the per-pixel error, the sampler's probabilities (for a strategy with a learned "
                + "sampler) and the mask. Writes DIR/<clip>-<strategy>.png (a row per frame) and .gif (an animation) "
                + "and prints their paths. The model, strategy, ratio and loss are the run's (its config.conf, beside "
                + "checkpoints/); --strategy and --ratio choose another mask for the picture.")
public final class VisualizeCommand extends CheckpointClipJob {

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seeds the mask, as adamae masks --seed does, and the sampler's dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        checkBeforeWork("visualize");
        MaskingStrategy strategy = selection.strategy();
        int visible = strategy.visibleCount(model.grid(), selection.ratio());
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 1, visible, lossType, 0),
                strategy.learnedSampler());
        try {
            CheckpointWeights.restore(run.file(), run.state(), graph);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        }
        VideoClip clip = clip(seed);
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
}
