package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoder masks (VideoMAE V2's dual masking) as the command line uses them: pretrain, perf and bench. */
class DecoderMaskCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void pretrainRunsWithARunningCellDecoderMaskAndResumeRefusesAnotherDecoderMask() throws Exception {
        Path out = work.resolve("run");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--steps", "2", "--batch", "2",
                "--strategy", "tube", "--ratio", "0.75", "--decoder-strategy", "running-cell", "--decoder-ratio", "0.5",
                "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        // tube 0.75 on the 2x4x4 grid hides 24 of 32 tokens; running-cell 0.5 keeps half the grid: 12 decoded.
        assertThat(run.err()).contains("decoder mask running-cell at ratio 0.5 (12 of the 24 hidden tokens decoded)");
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(2);
        JsonNode decoder = JSON.readTree(out.resolve("summary.json").toFile()).get("decoder_mask");
        assertThat(decoder.get("strategy").asText()).isEqualTo("running-cell");
        assertThat(decoder.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(decoder.get("decoded_tokens").asInt()).isEqualTo(12);

        CommandLineRun otherRatio = CommandLineRun.of("pretrain", "--preset", "test", "--steps", "3", "--batch", "2",
                "--strategy", "tube", "--ratio", "0.75", "--decoder-strategy", "running-cell", "--decoder-ratio", "0.25",
                "--out", out.toString(), "--resume");
        assertThat(otherRatio.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(otherRatio.err().lines()).as(otherRatio.err()).singleElement().asString()
                .contains("was made by another run: its decoder-ratio is 0.5, this run's is 0.25");

        CommandLineRun without = CommandLineRun.of("pretrain", "--preset", "test", "--steps", "3", "--batch", "2",
                "--strategy", "tube", "--ratio", "0.75", "--out", out.toString(), "--resume");
        assertThat(without.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(without.err().lines()).as(without.err()).singleElement().asString()
                .contains("its decoder-ratio is 0.5, this run's is null");
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(2);

        CommandLineRun same = CommandLineRun.of("pretrain", "--preset", "test", "--steps", "3", "--batch", "2",
                "--strategy", "tube", "--ratio", "0.75", "--decoder-strategy", "running-cell", "--decoder-ratio", "0.5",
                "--out", out.toString(), "--resume");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(3);

        // The picture decodes every hidden token with the same weights: its graph has no decoder mask.
        Path pictures = work.resolve("pictures");
        CommandLineRun visualize = CommandLineRun.of("visualize", "--checkpoint", out.toString(), "--embedded",
                "--index", "1", "--out", pictures.toString());
        assertThat(visualize.exitCode()).as(visualize.err()).isZero();
        assertThat(visualize.err()).contains("tube at ratio 0.75 (8 of 32 tokens visible)");
        assertThat(pictures.resolve("moving-sprites-1-tube.png")).isNotEmptyFile();
    }

    @Test
    void anUnknownDecoderStrategyARatioOutOfRangeOrALearnedSamplerIsRefusedInOneLine() {
        assertRefused(CommandLineRun.of("pretrain", "--preset", "test", "--steps", "1", "--decoder-strategy", "no-such",
                "--out", work.resolve("a").toString()), "Decoder mask: Unknown masking strategy 'no-such'");
        assertRefused(CommandLineRun.of("pretrain", "--preset", "test", "--steps", "1", "--decoder-strategy",
                "running-cell", "--decoder-ratio", "1.5", "--out", work.resolve("b").toString()),
                "adamae.masking.decoder.ratio = 1.5", "strictly between 0 and 1");
        assertRefused(CommandLineRun.of("pretrain", "--preset", "test", "--steps", "1", "--decoder-strategy",
                "running-cell", "--decoder-ratio", "0.9", "--out", work.resolve("c").toString()),
                "adamae.masking.decoder.ratio = 0.9", "running-cell cannot use it");
        assertRefused(CommandLineRun.of("pretrain", "--preset", "test", "--steps", "1", "--decoder-strategy",
                "adaptive", "--out", work.resolve("d").toString()), "'adaptive' cannot be the decoder mask");
        assertRefused(CommandLineRun.of("pretrain", "--preset", "test", "--steps", "1", "--decoder-ratio", "0.5",
                "--out", work.resolve("e").toString()), "a decoder ratio needs a decoder strategy");
        assertRefused(CommandLineRun.of("perf", "--preset", "test", "--compare", "tube:0.9/running-cell"),
                "--compare tube:0.9/running-cell: expected strategy:ratio[/decoder:ratio]");
        assertThat(work.resolve("a")).doesNotExist();
        assertThat(work.resolve("b")).doesNotExist();
    }

    @Test
    void masksShowsTheDecodedTokensAmongTheHiddenOnesAndLeavesTheEncoderMasksAsTheyWere() throws Exception {
        CommandLineRun plain = CommandLineRun.of("masks", "--preset", "test", "--strategy", "tube", "--ratio", "0.75",
                "--seed", "4", "--batch", "3", "--json");
        CommandLineRun dual = CommandLineRun.of("masks", "--preset", "test", "--strategy", "tube", "--ratio", "0.75",
                "--seed", "4", "--batch", "3", "--decoder-strategy", "running-cell", "--decoder-ratio", "0.5", "--json");
        assertThat(dual.exitCode()).as(dual.err()).isZero();
        JsonNode document = JSON.readTree(dual.out());
        assertThat(document.get("visible")).isEqualTo(JSON.readTree(plain.out()).get("visible"));
        assertThat(document.get("decoder_mask").get("strategy").asText()).isEqualTo("running-cell");
        for (int clip = 0; clip < 3; clip++) {
            java.util.Set<Integer> visible = new java.util.HashSet<>();
            document.get("visible").get(clip).forEach(token -> visible.add(token.asInt()));
            JsonNode decoded = document.get("decoded").get(clip);
            assertThat(decoded).hasSize(12);
            decoded.forEach(token -> assertThat(visible).doesNotContain(token.asInt()));
        }

        CommandLineRun pictures = CommandLineRun.of("masks", "--preset", "test", "--strategy", "tube", "--ratio",
                "0.75", "--decoder-strategy", "running-cell", "--decoder-ratio", "0.5");
        assertThat(pictures.exitCode()).as(pictures.err()).isZero();
        assertThat(pictures.out()).contains("decoder mask running-cell at ratio 0.5: 12 of the 24 hidden tokens decoded");
        long decodedCells = pictures.out().lines().filter(line -> !line.isBlank() && line.matches("[#.o ]+"))
                .mapToLong(line -> line.chars().filter(c -> c == 'o').count()).sum();
        assertThat(decodedCells).isEqualTo(12);
    }

    @Test
    void withTubeAndRunningCellOnEightSlicesEveryClipDecodesExactlyItsHiddenTokensThatTheCellsKeep() throws Exception {
        // tiny: 8x8x8 tokens; tube 0.9 hides 57 positions in every slice (M = 456); running-cell 0.5
        // keeps 2 of every 2x2 cell, each position in 4 of the 8 slices, so exactly 228 kept hidden tokens.
        CommandLineRun run = CommandLineRun.of("masks", "--preset", "tiny", "--strategy", "tube", "--ratio", "0.9",
                "--seed", "2", "--batch", "4", "--decoder-strategy", "running-cell", "--decoder-ratio", "0.5", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode document = JSON.readTree(run.out());
        for (int clip = 0; clip < 4; clip++) {
            JsonNode decoded = document.get("decoded").get(clip);
            assertThat(decoded).hasSize(228);
            // No topping up from tokens the cells hide: per slice, the decoded tokens sit on at most
            // the 2 places of the cell that running-cell keeps in that slice.
            java.util.Map<Integer, java.util.Set<Integer>> placesBySlice = new java.util.HashMap<>();
            for (JsonNode token : decoded) {
                int index = token.asInt();
                int t = index / 64;
                int h = index / 8 % 8;
                int w = index % 8;
                placesBySlice.computeIfAbsent(t, key -> new java.util.HashSet<>()).add((h % 2) * 2 + w % 2);
            }
            assertThat(placesBySlice).hasSize(8);
            placesBySlice.values().forEach(places -> assertThat(places).hasSize(2));
        }
    }

    @Test
    void perfCountsTheDecodedTokens() throws Exception {
        CommandLineRun run = CommandLineRun.of("perf", "--preset", "test", "--batch", "2", "--steps", "1", "--warmup",
                "0", "--strategy", "tube", "--ratio", "0.75", "--decoder-strategy", "running-cell", "--decoder-ratio",
                "0.5", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("decoder_mask").asText()).isEqualTo("running-cell:0.5");
        assertThat(report.get("visible_tokens").asInt()).isEqualTo(8);
        assertThat(report.get("decoded_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void aBenchWithADecoderMaskPretrainsEveryRunWithItAndResumeComparesIt() throws Exception {
        Path out = work.resolve("bench");
        String[] args = {"bench", "--preset", "test", "--runs", "tube:0.75", "--seeds", "1", "--pretrain-steps", "2",
            "--eval", "none", "--decoder-strategy", "running-cell", "--decoder-ratio", "0.5", "--out", out.toString(),
            "--set", "adamae.train.batch-size=2", "--set", "adamae.data.moving-sprites.clips=16"};
        CommandLineRun run = CommandLineRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, String> row = BenchCommandTest.csvRows(out.resolve("results.csv")).get("tube/1");
        assertThat(row.get("decoder_mask")).isEqualTo("running-cell:0.5");
        assertThat(row.get("status")).isEqualTo("ok");
        assertThat(JSON.readTree(out.resolve("bench.json").toFile()).get("decoder_mask").asText())
                .isEqualTo("running-cell:0.5");
        assertThat(Files.readString(out.resolve("runs/tube-0.75-s1/pretrain.log")))
                .contains("decoder mask running-cell at ratio 0.5");

        String[] other = args.clone();
        other[java.util.Arrays.asList(other).indexOf("--decoder-ratio") + 1] = "0.25";
        CommandLineRun resumed = CommandLineRun.of(append(other, "--resume"));
        assertThat(resumed.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(resumed.err()).contains("was started with decoder_mask \"running-cell:0.5\"");
        CommandLineRun same = CommandLineRun.of(append(args, "--resume"));
        assertThat(same.exitCode()).as(same.err()).isZero();
    }

    private static String[] append(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    private static void assertRefused(CommandLineRun run, String... parts) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().lines()).as(run.err()).singleElement().asString().contains(parts);
    }
}
