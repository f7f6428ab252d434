package dev.adamae.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.train.StrategyFaultException;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.ClipContents;
import dev.adamae.engine.model.DecodedTokens;
import dev.adamae.engine.train.Seeds;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.video.VideoDataSettings;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Draws masks with a strategy and prints them, as pictures or as JSON; on a clip, for a strategy
 * that looks at the clips it masks.
 */
@Command(name = "masks", mixinStandardHelpOptions = true,
        description = "Draws the masks of a batch and prints each clip's time slices (# visible, . hidden; with a "
                + "decoder mask, o hidden and decoded), or the visible (and decoded) token indices as JSON. With "
                + "--video or --embedded, every clip of the batch is that one clip, each masked with its own draw; "
                + "a strategy that looks at the clips it masks needs one.")
public final class MasksCommand implements Job {

    /** The largest batch of one clip's copies: each copy's content is held in memory. */
    static final int LARGEST_CLIP_BATCH = 256;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    MaskingOptions masking = new MaskingOptions();

    @Mixin
    ClipSourceOptions clipSource = new ClipSourceOptions();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1", description = "Clips in the batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Prints one JSON object: strategy, ratio, effective ratio, seed, grid, visible indices and clip.")
    boolean json;

    @Inject
    MaskingSelection selection;

    @Inject
    ModelSettings model;

    @Inject
    ClipDataset dataset;

    @Inject
    VideoDataSettings videoSettings;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        masking.addTo(flags);
        clipSource.addTo(flags);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        if (batch < 1 || batch > TrainingSettings.LARGEST_BATCH) {
            throw new UsageException("--batch must be from 1 to " + TrainingSettings.LARGEST_BATCH + ", got " + batch);
        }
        selection.requireMasksWithoutModel();
        clipSource.check();
        if (selection.strategy().needsContent() && !clipSource.given()) {
            throw new UsageException("Masking strategy '" + selection.name() + "' looks at the clip it masks: "
                    + "give it one with --embedded [--index I] or --video FILE");
        }
        if (clipSource.given() && batch > LARGEST_CLIP_BATCH) {
            throw new UsageException("--batch must be from 1 to " + LARGEST_CLIP_BATCH + " with a clip (each clip of "
                    + "the batch is a copy of it), got " + batch);
        }
        VideoClip clip = clipSource.given() ? clipSource.read(dataset, videoSettings, seed) : null;
        boolean decoderReads = selection.decoderMasking().map(d -> d.strategy().needsContent()).orElse(false);
        ClipContent content = clip != null && (selection.strategy().needsContent() || decoderReads)
                ? ClipContents.of(Collections.nCopies(batch, clip), model)
                : null;
        TokenGrid grid = model.grid();
        TokenMask mask = selection.strategy().sample(new MaskRequest(grid, selection.ratio(), batch,
                new SplittableRandom(seed), null, selection.strategy().needsContent() ? content : null, null));
        StrategyFaultException.check(selection.name(), grid, batch,
                selection.strategy().visibleCount(grid, selection.ratio()), mask);
        String clipId = clip == null ? null : clip.id();
        DecodedTokens decoded = decoded(mask, content);
        if (json) {
            printJson(mask, decoded, clipId);
        } else {
            printPictures(mask, decoded, clipId);
        }
        console.out().flush();
        return 0;
    }

    /**
     * With a decoder mask, the hidden tokens the decoder would reconstruct: the decoder strategy's
     * mask and the trimming or topping up drawn from a stream of their own, so that the encoder
     * masks stay those drawn without one; {@code null} without a decoder mask.
     */
    private DecodedTokens decoded(TokenMask mask, ClipContent content) {
        return selection.decoderMasking().map(decoder -> {
            if (decoder.strategy().needsContent() && content == null) {
                throw new UsageException("Decoder mask '" + decoder.name() + "' looks at the clip it masks: "
                        + "give it one with --embedded [--index I] or --video FILE");
            }
            return decoder.decoded(mask, Seeds.derive(seed, Seeds.DECODER_MASKS, 0), content, null);
        }).orElse(null);
    }

    private void printJson(TokenMask mask, DecodedTokens decoded, String clipId) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("strategy", selection.name());
        document.put("ratio", selection.ratio());
        document.put("effective_ratio", Math.round(selection.effectiveRatio(mask.grid()) * 1000) / 1000.0);
        document.put("seed", seed);
        // A map of fixed order: Map.of iterates in an order that changes from one JVM to the next.
        Map<String, Integer> grid = new LinkedHashMap<>();
        grid.put("t", mask.grid().frames());
        grid.put("h", mask.grid().height());
        grid.put("w", mask.grid().width());
        document.put("grid", grid);
        int[][] visible = new int[mask.batchSize()][];
        for (int clip = 0; clip < visible.length; clip++) {
            visible[clip] = mask.visible(clip);
        }
        document.put("visible", visible);
        if (decoded != null) {
            Map<String, Object> decoder = new LinkedHashMap<>();
            decoder.put("strategy", selection.decoder().name());
            decoder.put("ratio", selection.decoder().ratio());
            document.put("decoder_mask", decoder);
            int[][] tokens = new int[decoded.batchSize()][];
            for (int clip = 0; clip < tokens.length; clip++) {
                tokens[clip] = decoded.tokens(clip);
            }
            document.put("decoded", tokens);
        }
        document.put("clip", clipId);
        try {
            console.out().println(new ObjectMapper().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void printPictures(TokenMask mask, DecodedTokens decoded, String clipId) {
        TokenGrid grid = mask.grid();
        PrintWriter out = console.out();
        out.printf("%s at ratio %s (hides %s) on grid %s (%d tokens): %d visible, %d hidden per clip; seed %d%n",
                selection.name(), selection.ratio(), selection.effectiveRatioText(grid), grid, grid.tokenCount(),
                mask.visibleCount(), mask.hiddenCount(), seed);
        if (clipId != null) {
            out.printf("on clip %s%n", clipId);
        }
        if (decoded != null) {
            out.printf("decoder mask %s at ratio %s: %d of the %d hidden tokens decoded (o), the others not (.)%n",
                    selection.decoder().name(), selection.decoder().ratio(), decoded.count(), mask.hiddenCount());
        }
        int column = Math.max(grid.width(), 4);
        for (int clip = 0; clip < mask.batchSize(); clip++) {
            out.printf("%nclip %d%n", clip);
            StringBuilder header = new StringBuilder();
            for (int t = 0; t < grid.frames(); t++) {
                header.append(String.format("%-" + column + "s  ", "t=" + t));
            }
            out.println(header.toString().stripTrailing());
            for (int h = 0; h < grid.height(); h++) {
                StringBuilder row = new StringBuilder();
                for (int t = 0; t < grid.frames(); t++) {
                    StringBuilder cells = new StringBuilder();
                    for (int w = 0; w < grid.width(); w++) {
                        int token = grid.index(t, h, w);
                        cells.append(mask.isVisible(clip, token) ? '#'
                                : decoded != null && decoded.isDecoded(clip, token) ? 'o' : '.');
                    }
                    row.append(String.format("%-" + column + "s  ", cells));
                }
                out.println(row.toString().stripTrailing());
            }
        }
    }
}
