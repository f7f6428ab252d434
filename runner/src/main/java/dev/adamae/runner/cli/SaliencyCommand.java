package dev.adamae.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenProbabilities;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.ClipContents;
import dev.adamae.engine.model.TubeletLayout;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.model.VideoMaeNames;
import dev.adamae.engine.train.AtomicFiles;
import dev.adamae.engine.train.CheckpointException;
import dev.adamae.engine.train.CheckpointWeights;
import dev.adamae.engine.train.Seeds;
import dev.adamae.engine.train.StrategyFaultException;
import dev.adamae.engine.visual.PictureFiles;
import dev.adamae.engine.visual.SaliencyPictures;
import dev.adamae.runner.RunFailedException;
import dev.adamae.runner.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shows where a strategy looks in one clip: its per-token probabilities or scores. */
@Command(name = "saliency", mixinStandardHelpOptions = true,
        description = "Shows the per-token distribution a strategy draws visible tokens by, for one clip: a learned "
                + "sampler's probabilities (computed by the checkpoint's sampler, its dropout on and seeded as in "
                + "training) or a content-aware strategy's scores. Writes DIR/saliency.json (the grid and, per time "
                + "slice, its values) and DIR/<clip>-saliency-t<k>.png (the slice's first frame under the heat map) "
                + "and prints their paths. The model and strategy are the run's (its config.conf); --strategy shows "
                + "another one's.")
public final class SaliencyCommand extends CheckpointClipJob {

    /** The file the values are written to. */
    public static final String JSON_FILE = "saliency.json";

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seeds the sampler's dropout, as adamae visualize --seed does (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        checkBeforeWork("saliency");
        MaskingStrategy strategy = selection.strategy();
        VideoClip clip = clip(seed);
        INDArray clipArray = Nd4j.create(clip.pixels(),
                new long[] {1, ModelSettings.CHANNELS, clip.frames(), clip.height(), clip.width()}, 'c');
        TokenGrid grid = model.grid();
        String kind;
        TokenProbabilities values;
        if (strategy.learnedSampler().isPresent()) {
            kind = "probabilities";
            values = probabilities(strategy, clipArray);
        } else {
            ClipContent content = strategy.needsContent() ? ClipContents.of(clipArray, model) : null;
            Optional<TokenProbabilities> scores = strategy.tokenScores(new MaskRequest(grid, selection.ratio(), 1,
                    new SplittableRandom(seed), null, content, null));
            if (scores.isEmpty()) {
                throw new UsageException("Strategy '" + selection.name() + "' has neither a learned sampler nor token "
                        + "scores: it has no per-token distribution to show");
            }
            kind = "scores";
            values = scores.get();
            if (!values.grid().equals(grid) || values.batchSize() != 1) {
                throw new StrategyFaultException("Strategy '" + selection.name() + "' returned token scores of "
                        + values.batchSize() + " clips of grid " + values.grid() + " for one clip of grid " + grid);
            }
        }
        double[] perToken = values.clip(0);
        String name = clipSource.fileNameOf(clip);
        console.err().printf(Locale.ROOT, "saliency: %s, %s's %s on grid %s, seed %d, %s (step %d); largest %.5f "
                        + "(uniform: %.5f)%n", clip.id(), selection.name(), kind, grid, seed, run.file(), run.step(),
                Arrays.stream(perToken).max().orElse(0), 1.0 / grid.tokenCount());
        console.err().flush();

        SaliencyPictures pictures = new SaliencyPictures(TubeletLayout.of(model), clip.pixels(), perToken,
                pictureSettings.scaleFor(TubeletLayout.of(model)));
        Path json = out.resolve(JSON_FILE);
        List<Path> pngs = new ArrayList<>();
        try {
            Files.createDirectories(out);
            AtomicFiles.writeString(json, document(clip, kind, grid, perToken));
            for (int slice = 0; slice < pictures.slices(); slice++) {
                Path png = out.resolve(name + "-saliency-t" + slice + ".png");
                PictureFiles.writePng(pictures.slice(slice), png);
                pngs.add(png);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RunFailedException("Cannot write the saliency files to " + out + ": " + e, e);
        }
        console.out().println(json);
        pngs.forEach(console.out()::println);
        console.out().flush();
        return 0;
    }

    /**
     * Returns the sampler's probabilities for the clip: the checkpoint's sampler on a graph of one
     * clip, its random ops seeded as {@code adamae visualize} seeds them.
     */
    private TokenProbabilities probabilities(MaskingStrategy strategy, INDArray clipArray) {
        int visible = strategy.visibleCount(model.grid(), selection.ratio());
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 1, visible, lossType, 0),
                strategy.learnedSampler());
        try {
            CheckpointWeights.restore(run.file(), run.state(), graph);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Nd4j.getRandom().setSeed(Seeds.derive(seed, Seeds.GRAPH, 0));
        INDArray p = graph.sameDiff().output(graph.clipInputs(clipArray), VideoMaeNames.TOKEN_PROBABILITIES)
                .get(VideoMaeNames.TOKEN_PROBABILITIES);
        return TokenProbabilities.of(model.grid(), p);
    }

    private String document(VideoClip clip, String kind, TokenGrid grid, double[] perToken) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("strategy", selection.name());
        document.put("checkpoint", run.file().toString());
        document.put("clip", clip.id());
        Map<String, Integer> gridSize = new LinkedHashMap<>();
        gridSize.put("t", grid.frames());
        gridSize.put("h", grid.height());
        gridSize.put("w", grid.width());
        document.put("grid", gridSize);
        double[][] slices = new double[grid.frames()][grid.sliceSize()];
        for (int t = 0; t < grid.frames(); t++) {
            System.arraycopy(perToken, t * grid.sliceSize(), slices[t], 0, grid.sliceSize());
        }
        document.put("values", slices);
        document.put("kind", kind);
        try {
            return new ObjectMapper().writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
