package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.runner.train.RunFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adamae bench} at the test preset: a built-in strategy, a third party's plugin and a plugin
 * that fails on purpose, two seeds each, and the control (an encoder never pre-trained) with each
 * seed, each phase in a JVM of its own; once serially and once two phases at a time.
 */
class BenchCommandTest {

    private static final int STEPS = 6;

    @TempDir
    static Path work;

    static Path plugins;
    static Path bench;
    static CommandLineRun first;
    static Path parallelBench;
    static CommandLineRun parallel;

    static List<String> benchArgs(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("bench", "--preset", "test", "--plugins", plugins.toString(),
                "--runs", "tube:0.75,slice-balanced:0.5,broken:0.5", "--seeds", "1,2", "--pretrain-steps",
                String.valueOf(STEPS), "--out", out.toString(),
                "--set", "adamae.train.batch-size=2", "--set", "adamae.train.warmup-steps=2",
                "--set", "adamae.data.moving-sprites.clips=16", "--set", "adamae.data.validation.embedded.clips=16",
                "--set", "adamae.probe.epochs=20", "--set", "adamae.bench.threads-per-phase=1"));
        args.addAll(List.of(extra));
        return args;
    }

    @BeforeAll
    static void runTheBenchmarkOnce() throws IOException {
        plugins = Files.createDirectories(work.resolve("plugins"));
        Path build = Files.createDirectories(work.resolve("build"));
        Path example = Path.of("../docs/examples/masking-slice-balanced");
        Path jar = PluginJars.buildTree(build.resolve("masking-slice-balanced-1.0.0.jar"),
                example.resolve("src/main/java"), example.resolve("src/main/resources"));
        Files.move(jar, plugins.resolve(jar.getFileName()));
        Path broken = PluginJars.buildFactory(build.resolve("masking-broken.jar"), "org.example.broken.BrokenFactory",
                "broken", "Fails when asked for a mask", """
                        return new MaskingStrategy() {
                            public double defaultRatio() { return 0.5; }
                            public int visibleCount(TokenGrid grid, double ratio) {
                                return grid.tokenCount() - MaskRatio.hiddenOf(grid.tokenCount(), ratio);
                            }
                            public TokenMask sample(MaskRequest request) {
                                throw new IllegalStateException("broken on purpose");
                            }
                        };
                """);
        Files.move(broken, plugins.resolve(broken.getFileName()));
        bench = work.resolve("bench");
        first = CommandLineRun.of(benchArgs(bench).toArray(String[]::new));
        parallelBench = work.resolve("parallel");
        parallel = CommandLineRun.of(benchArgs(parallelBench, "--parallel", "2").toArray(String[]::new));
    }

    @Test
    void aBenchmarkFolderThatAnotherProcessWritesIsRefusedInOneLine() {
        Path busy = work.resolve("busy");
        try (RunFolder.Lock held = RunFolder.lock(busy)) {
            CommandLineRun second = CommandLineRun.of(benchArgs(busy).toArray(String[]::new));
            assertThat(second.exitCode()).isEqualTo(AdaMaeMain.USAGE);
            assertThat(second.err().lines()).singleElement().asString()
                    .contains(busy.toString()).contains("in use by another adamae process");
        }
    }

    @Test
    void aFailingRunIsReportedWithItsReasonAndTheOthersFinish() throws IOException {
        assertThat(first.exitCode()).as(first.err()).isEqualTo(AdaMaeMain.FAILED);
        assertThat(first.err()).contains("adamae: 2 of 8 runs failed");
        Map<String, Map<String, String>> rows = csvRows(bench.resolve("results.csv"));
        assertThat(rows.keySet()).containsExactly("none/1", "none/2", "tube/1", "tube/2", "slice-balanced/1",
                "slice-balanced/2", "broken/1", "broken/2");
        assertThat(rows.get("broken/1").get("status")).isEqualTo("failed");
        assertThat(rows.get("broken/1").get("reason")).contains("broken on purpose").contains("pretrain.log");
        assertThat(rows.get("broken/1").get("top1")).isEmpty();
        for (String key : List.of("tube/1", "tube/2", "slice-balanced/1", "slice-balanced/2")) {
            Map<String, String> row = rows.get(key);
            assertThat(row.get("status")).as(key).isEqualTo("ok");
            assertThat(Integer.parseInt(row.get("pretrain_steps"))).isEqualTo(STEPS);
            assertThat(Double.parseDouble(row.get("final_loss"))).isPositive().isFinite();
            assertThat(Double.parseDouble(row.get("ms_per_step"))).isPositive();
            assertThat(Double.parseDouble(row.get("peak_rss_mb"))).isPositive();
            assertThat(Double.parseDouble(row.get("offheap_mb"))).isPositive();
            assertThat(Double.parseDouble(row.get("top1"))).isBetween(0.0, 1.0);
            assertThat(Double.parseDouble(row.get("top5"))).isBetween(Double.parseDouble(row.get("top1")), 1.0);
            assertThat(Double.parseDouble(row.get("fg_enrichment"))).isPositive();
            assertThat(Double.parseDouble(row.get("pretrain_seconds")))
                    .isGreaterThan(Double.parseDouble(row.get("pretrain_step_seconds"))).isPositive();
        }
        // Each seed pre-trains from its own weights and data order.
        assertThat(rows.get("tube/1").get("final_loss")).isNotEqualTo(rows.get("tube/2").get("final_loss"));
        assertThat(Files.readAllLines(bench.resolve("runs/tube-0.75-s2/pretrain/metrics.jsonl"))).hasSize(STEPS);
    }

    @Test
    void theControlIsAnEncoderNeverPretrainedProbedWithEachSeed() throws IOException {
        Map<String, Map<String, String>> rows = csvRows(bench.resolve("results.csv"));
        for (String seed : List.of("1", "2")) {
            Map<String, String> row = rows.get("none/" + seed);
            assertThat(row.get("status")).isEqualTo("ok");
            assertThat(row.get("ratio")).isEqualTo("-");
            assertThat(row.get("pretrain_steps")).isEqualTo("0");
            assertThat(row.get("pretrain_gflop")).isEqualTo("0.0");
            assertThat(row.get("pretrain_seconds")).isEqualTo("0.0");
            assertThat(row.get("final_loss")).isEmpty();
            assertThat(Double.parseDouble(row.get("top1"))).isBetween(0.0, 1.0);
            Path probe = bench.resolve("runs/none-s" + seed + "/probe");
            assertThat(new ObjectMapper().readTree(probe.resolve("results.json").toFile()).get("init").asText())
                    .isEqualTo("scratch");
            assertThat(com.typesafe.config.ConfigFactory.parseFile(probe.resolve("config.conf").toFile())
                    .getLong("adamae.probe.seed")).isEqualTo(Long.parseLong(seed));
            assertThat(bench.resolve("runs/none-s" + seed + "/pretrain")).doesNotExist();
        }
        // Every pre-trained row carries the analytic GFLOP of its steps.
        JsonNode plan = new ObjectMapper().readTree(bench.resolve("bench.json").toFile());
        double gflopPerStep = plan.get("steps").get(0).get("gflop_per_step").asDouble();
        assertThat(plan.get("steps").get(0).get("run").asText()).isEqualTo("tube:0.75");
        assertThat(gflopPerStep).isPositive();
        assertThat(Double.parseDouble(rows.get("tube/1").get("pretrain_gflop")))
                .isCloseTo(STEPS * gflopPerStep, within(0.1));
    }

    @Test
    void theRankingGivesEachStrategyItsPairedDifferenceFromTheControlAndTheBaselineWithAnInterval()
            throws IOException {
        Map<String, Map<String, String>> rows = csvRows(bench.resolve("results.csv"));
        JsonNode results = new ObjectMapper().readTree(bench.resolve("results.json").toFile());
        JsonNode slice = null;
        for (JsonNode row : results.get("ranking")) {
            if (row.get("strategy").asText().equals("slice-balanced")) {
                slice = row;
            }
        }
        assertThat(slice).isNotNull();
        double[] differences = new double[2];
        double[] fromTube = new double[2];
        for (int seed = 1; seed <= 2; seed++) {
            double own = Double.parseDouble(rows.get("slice-balanced/" + seed).get("top1"));
            differences[seed - 1] = own - Double.parseDouble(rows.get("none/" + seed).get("top1"));
            fromTube[seed - 1] = own - Double.parseDouble(rows.get("tube/" + seed).get("top1"));
        }
        double mean = (differences[0] + differences[1]) / 2;
        // Two seeds: t(0.975, 1) = 12.706, s / sqrt(2) = |d1 - d2| / 2.
        double half = 12.7062 * Math.abs(differences[0] - differences[1]) / 2;
        JsonNode vsNone = slice.get("vs_none");
        assertThat(vsNone.get("mean").asDouble()).isCloseTo(mean, within(1e-9));
        assertThat(vsNone.get("low").asDouble()).isCloseTo(mean - half, within(1e-3));
        assertThat(vsNone.get("high").asDouble()).isCloseTo(mean + half, within(1e-3));
        assertThat(vsNone.get("seeds").asInt()).isEqualTo(2);
        assertThat(vsNone.get("excludes_zero").asBoolean()).isEqualTo(mean - half > 0 || mean + half < 0);
        assertThat(slice.get("vs_baseline").get("mean").asDouble()).isCloseTo((fromTube[0] + fromTube[1]) / 2,
                within(1e-9));
        assertThat(slice.get("baseline").asText()).isEqualTo("tube:0.75");
        assertThat(results.get("chance").asDouble()).isEqualTo(0.125);

        // Sorted by mean top-1, the control among them; the failed strategy has no top-1 to rank.
        List<Double> means = new ArrayList<>();
        List<String> ranked = new ArrayList<>();
        for (JsonNode row : results.get("ranking")) {
            means.add(row.get("top1").get("mean").asDouble());
            ranked.add(row.get("strategy").asText());
        }
        assertThat(means).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ranked).containsExactlyInAnyOrder("none", "tube", "slice-balanced");

        String markdown = Files.readString(bench.resolve("results.md"));
        assertThat(markdown).contains("## Ranking by top-1")
                .contains("| Rank | Strategy | Ratio | Seeds | Top-1 [95% interval] | vs none [95% interval] | "
                        + "vs tube 0.75 [95% interval] |")
                .containsPattern("\\| \\d \\| slice-balanced \\| 0\\.5 \\| 2 \\| \\d\\.\\d{4} \\[-?\\d\\.\\d{4}, "
                        + "-?\\d\\.\\d{4}\\] \\| [+-]\\d\\.\\d{4} \\[")
                .contains("*: the interval excludes 0").contains("Chance is 0.1250");
    }

    @Test
    void twoPhasesAtOnceGiveExactlyTheResultsOfTheSerialBenchmark() throws IOException {
        assertThat(parallel.exitCode()).as(parallel.err()).isEqualTo(AdaMaeMain.FAILED);
        assertThat(parallel.err()).contains("2 at once, 1 threads each").contains("adamae: 2 of 8 runs failed");
        Map<String, Map<String, String>> serialRows = csvRows(bench.resolve("results.csv"));
        Map<String, Map<String, String>> parallelRows = csvRows(parallelBench.resolve("results.csv"));
        assertThat(parallelRows.keySet()).containsExactlyElementsOf(serialRows.keySet());
        for (String key : serialRows.keySet()) {
            for (String column : List.of("status", "pretrain_steps", "final_loss", "top1", "top5", "fg_enrichment",
                    "pretrain_gflop")) {
                assertThat(parallelRows.get(key).get(column)).as(key + " " + column)
                        .isEqualTo(serialRows.get(key).get(column));
            }
        }
        assertThat(parallelRows.get("broken/2").get("reason")).contains("broken on purpose");
        for (String run : List.of("tube-0.75-s1", "tube-0.75-s2", "slice-balanced-0.5-s1", "slice-balanced-0.5-s2")) {
            assertThat(Files.readAllLines(parallelBench.resolve("runs/" + run + "/pretrain/metrics.jsonl"))
                    .stream().map(BenchCommandTest::loss).toList()).as(run)
                    .isEqualTo(Files.readAllLines(bench.resolve("runs/" + run + "/pretrain/metrics.jsonl")).stream()
                            .map(BenchCommandTest::loss).toList());
        }
        // Every progress line names its run, so lines of phases in flight at once stay apart.
        assertThat(parallel.err().lines().filter(line -> line.contains(" step ")))
                .allMatch(line -> line.matches("bench: run \\d/8 .+: (pretrain|probe) step .*"));
    }

    private static String loss(String metricsLine) {
        try {
            return new ObjectMapper().readTree(metricsLine).get("loss").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theTableAveragesEachStrategyOverItsSeeds() throws IOException {
        Map<String, Map<String, String>> rows = csvRows(bench.resolve("results.csv"));
        JsonNode results = new ObjectMapper().readTree(bench.resolve("results.json").toFile());
        assertThat(results.get("summary").get(0).get("strategy").asText()).isEqualTo("none");
        JsonNode tube = results.get("summary").get(1);
        assertThat(tube.get("strategy").asText()).isEqualTo("tube");
        double loss1 = Double.parseDouble(rows.get("tube/1").get("final_loss"));
        double loss2 = Double.parseDouble(rows.get("tube/2").get("final_loss"));
        assertThat(tube.get("final_loss_mean").asDouble()).isCloseTo((loss1 + loss2) / 2, within(1e-9));
        assertThat(tube.get("final_loss_std").asDouble()).isCloseTo(Math.abs(loss1 - loss2) / Math.sqrt(2), within(1e-9));
        assertThat(results.get("runs")).hasSize(8);
        String markdown = Files.readString(bench.resolve("results.md"));
        assertThat(markdown)
                .contains("| Strategy | Ratio | Effective ratio | Seeds | Final loss | Steps | GFLOP | Pre-training (s) |")
                .containsPattern("\\| tube \\| 0\\.75 \\| 0\\.750 \\| 2 \\| \\d\\.\\d{4} ± \\d\\.\\d{4} \\|")
                .containsPattern("\\| tube \\| 0\\.75 \\| 0\\.750 \\| 2 \\| [^|]+ \\| 6 \\| 0\\.0636 \\| \\d+ ± \\d+ \\|")
                .contains("| none | - | - | 2 | - | 0 | 0 | 0 ± 0 |")
                .contains("| slice-balanced | 0.5 | 0.500 | 2 |")
                .contains("| broken | 0.5 | 0.500 | 0 of 2 |")
                .contains("Failed runs:").contains("broken 0.5 seed 1, pretrain: ");
        assertThat(first.out()).contains("| tube | 0.75 | 0.750 | 2 |");
        for (String chart : List.of("loss.png", "top1.png", "memory.png")) {
            BufferedImage image = ImageIO.read(bench.resolve(chart).toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(400);
        }
    }

    @Test
    void resumeKeepsFinishedPhasesAndRunsOnlyWhatIsMissing() throws IOException {
        Path copy = work.resolve("resumed");
        copyTree(bench, copy);
        Path tubeMetrics = copy.resolve("runs/tube-0.75-s1/pretrain/metrics.jsonl");
        byte[] before = Files.readAllBytes(tubeMetrics);
        // Lose the probe of one run: only that phase runs again (and the failed runs are tried again).
        Files.delete(copy.resolve("runs/slice-balanced-0.5-s2/probe/results.json"));
        Files.delete(copy.resolve("runs/slice-balanced-0.5-s2/run.json"));
        // Resumed two phases at a time: the phases to do are the same.
        CommandLineRun resumed = CommandLineRun.of(benchArgs(copy, "--resume", "--parallel", "2")
                .toArray(String[]::new));
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(AdaMaeMain.FAILED);
        assertThat(resumed.err()).contains("run 1/8 none seed 1: finished earlier")
                .contains("run 3/8 tube 0.75 seed 1: finished earlier")
                .contains("run 6/8 slice-balanced 0.5 seed 2: probe")
                .doesNotContain("run 6/8 slice-balanced 0.5 seed 2: pretrain");
        assertThat(Files.readAllBytes(tubeMetrics)).isEqualTo(before);
        assertThat(Files.readString(copy.resolve("runs/slice-balanced-0.5-s2/pretrain.log")))
                .containsOnlyOnce("# adamae pretrain");
        assertThat(csvRows(copy.resolve("results.csv")).get("slice-balanced/2").get("status")).isEqualTo("ok");
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingTheDifference() throws IOException {
        Path copy = work.resolve("other");
        copyTree(bench, copy);
        List<String> args = benchArgs(copy, "--resume");
        args.set(args.indexOf("--pretrain-steps") + 1, String.valueOf(STEPS + 1));
        CommandLineRun run = CommandLineRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("was started with pretrain_steps " + STEPS).contains("gives " + (STEPS + 1));

        CommandLineRun again = CommandLineRun.of(benchArgs(copy).toArray(String[]::new));
        assertThat(again.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(again.err()).contains("holds a benchmark").contains("--resume");

        CommandLineRun nothing = CommandLineRun.of(benchArgs(work.resolve("empty"), "--resume").toArray(String[]::new));
        assertThat(nothing.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(nothing.err()).contains("Nothing to resume");
    }

    @Test
    void withFinetuneEachRunIsFineTunedWithItsSeedAndTested() throws IOException {
        Path out = work.resolve("finetuned");
        CommandLineRun run = CommandLineRun.of("bench", "--preset", "test", "--runs", "random-patch:0.5", "--seeds", "4",
                "--pretrain-steps", "2", "--eval", "finetune", "--views", "1x1", "--out", out.toString(),
                "--set", "adamae.train.batch-size=2", "--set", "adamae.data.moving-sprites.clips=16",
                "--set", "adamae.data.validation.embedded.clips=8", "--set", "adamae.finetune.steps=3",
                "--set", "adamae.finetune.batch-size=2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("run 2/2 random-patch 0.5 seed 4: finetune step 3/3")
                .contains("run 1/2 none seed 4: finetune step 3/3");
        assertThat(Files.readString(out.resolve("runs/none-s4/finetune.log")))
                .contains("# adamae finetune --scratch --seed 4");
        assertThat(new ObjectMapper().readTree(out.resolve("runs/none-s4/finetune/results.json").toFile())
                .get("init").asText()).isEqualTo("scratch");
        Path finetune = out.resolve("runs/random-patch-0.5-s4/finetune");
        assertThat(Files.readAllLines(finetune.resolve("metrics.jsonl"))).hasSize(3);
        assertThat(com.typesafe.config.ConfigFactory.parseFile(finetune.resolve("config.conf").toFile())
                .getLong("adamae.finetune.seed")).isEqualTo(4);
        JsonNode results = new ObjectMapper().readTree(finetune.resolve("results.json").toFile());
        Map<String, String> row = csvRows(out.resolve("results.csv")).get("random-patch/4");
        assertThat(Double.parseDouble(row.get("top1"))).isEqualTo(results.get("top1").asDouble());
        assertThat(Files.readString(out.resolve("results.md")))
                .contains("With a single seed there is no interval")
                .contains("The baseline tube (adamae.bench.baseline) is not among the runs: only the control comparison.");
        assertThat(Double.parseDouble(row.get("top5"))).isEqualTo(results.get("top5").asDouble());
    }

    @Test
    void anUnknownStrategyOrARatioItCannotUseIsRefusedBeforeAnyRun() {
        Path out = work.resolve("refused");
        CommandLineRun unknown = CommandLineRun.of("bench", "--preset", "test", "--runs", "tube:0.75,nope:0.5",
                "--out", out.toString());
        assertThat(unknown.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(unknown.err()).contains("Unknown masking strategy 'nope'");

        // The test preset has 2 time slices: frame masking cannot hide 30% of them.
        CommandLineRun ratio = CommandLineRun.of("bench", "--preset", "test", "--runs", "frame:0.3", "--out",
                out.toString());
        assertThat(ratio.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(ratio.err()).contains("adamae.bench.runs").contains("frame:0.3");

        CommandLineRun malformed = CommandLineRun.of("bench", "--preset", "test", "--runs", "tube", "--out",
                out.toString());
        assertThat(malformed.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(malformed.err()).contains("tube is not strategy:ratio");
        assertThat(out).doesNotExist();
    }

    /** Reads results.csv into rows keyed by strategy/seed. */
    static Map<String, Map<String, String>> csvRows(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = splitCsv(line);
            assertThat(cells).hasSize(header.length);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells.get(i));
            }
            rows.put(row.get("strategy") + "/" + row.get("seed"), row);
        }
        return rows;
    }

    private static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.naturalOrder())::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
