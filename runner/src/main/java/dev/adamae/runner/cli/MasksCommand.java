package dev.adamae.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.train.StrategyFaultException;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.DecodedTokens;
import dev.adamae.engine.train.Seeds;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Draws masks with a strategy and prints them, as pictures or as JSON. */
@Command(name = "masks", mixinStandardHelpOptions = true,
        description = "Draws the masks of a batch and prints each clip's time slices (# visible, . hidden; with a "
                + "decoder mask, o hidden and decoded), or the visible (and decoded) token indices as JSON.")
public final class MasksCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    MaskingOptions masking = new MaskingOptions();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1", description = "Clips in the batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Prints one JSON object: strategy, ratio, seed, grid and visible indices.")
    boolean json;

    @Inject
    MaskingSelection selection;

    @Inject
    ModelSettings model;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        Map<String, Object> flags = new HashMap<>();
        masking.addTo(flags);
        return options.request(flags);
    }

    @Override
    public Integer call() {
        if (batch < 1 || batch > TrainingSettings.LARGEST_BATCH) {
            throw new UsageException("--batch must be from 1 to " + TrainingSettings.LARGEST_BATCH + ", got " + batch);
        }
        selection.requireMasksWithoutModel();
        TokenGrid grid = model.grid();
        TokenMask mask = selection.strategy().sample(
                new MaskRequest(grid, selection.ratio(), batch, new SplittableRandom(seed)));
        StrategyFaultException.check(selection.name(), grid, batch,
                selection.strategy().visibleCount(grid, selection.ratio()), mask);
        DecodedTokens decoded = decoded(mask);
        if (json) {
            printJson(mask, decoded);
        } else {
            printPictures(mask, decoded);
        }
        console.out().flush();
        return 0;
    }

    /**
     * With a decoder mask, the hidden tokens the decoder would reconstruct: the decoder strategy's
     * mask and the trimming or topping up drawn from a stream of their own, so that the encoder
     * masks stay those drawn without one; {@code null} without a decoder mask.
     */
    private DecodedTokens decoded(TokenMask mask) {
        return selection.decoderMasking().map(decoder -> {
            if (decoder.strategy().needsContent()) {
                throw new UsageException("Decoder mask '" + decoder.name() + "' reads the clips it masks, and masks "
                        + "draws masks without clips");
            }
            TokenGrid grid = mask.grid();
            SplittableRandom random = new SplittableRandom(Seeds.derive(seed, Seeds.DECODER_MASKS, 0));
            TokenMask kept = decoder.strategy().sample(new MaskRequest(grid, decoder.ratio(), batch, random.split()));
            StrategyFaultException.check(decoder.name(), grid, batch, decoder.keptCount(grid), kept);
            return DecodedTokens.choose(mask, kept, decoder.decodedCount(grid, mask.hiddenCount()), random);
        }).orElse(null);
    }

    private void printJson(TokenMask mask, DecodedTokens decoded) {
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
        try {
            console.out().println(new ObjectMapper().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void printPictures(TokenMask mask, DecodedTokens decoded) {
        TokenGrid grid = mask.grid();
        PrintWriter out = console.out();
        out.printf("%s at ratio %s (hides %s) on grid %s (%d tokens): %d visible, %d hidden per clip; seed %d%n",
                selection.name(), selection.ratio(), selection.effectiveRatioText(grid), grid, grid.tokenCount(),
                mask.visibleCount(), mask.hiddenCount(), seed);
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
