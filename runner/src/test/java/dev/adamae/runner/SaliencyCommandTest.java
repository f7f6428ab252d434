package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.MovingSpritesDataset;
import dev.adamae.engine.data.MovingSpritesSettings;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.visual.Visualizer;
import dev.adamae.masking.adaptive.AdaptiveMaskingStrategyFactory;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adamae saliency} on untrained {@code test}-preset runs: clips of 4x32x32 pixels in
 * tubelets of 2x8x8, a grid of 2x4x4 tokens, pictures at scale 8.
 */
class SaliencyCommandTest {

    private static final int TOKENS = 32;

    @TempDir
    static Path runs;

    private static Path tubeRun;
    private static Path adaptiveRun;
    private static Path plugins;

    @TempDir
    Path out;

    @BeforeAll
    static void writeRuns() throws Exception {
        tubeRun = runs.resolve("tube");
        UntrainedRun.write(tubeRun, "tube", 0.75);
        adaptiveRun = runs.resolve("adaptive");
        UntrainedRun.write(adaptiveRun, "adaptive", 0.75);
        plugins = Files.createDirectories(runs.resolve("plugins"));
        // Scores each token by the square of its tubelet's mean colour value, normalised over the clip.
        Path jar = PluginJars.buildFactory(runs.resolve("masking-bright.jar"), "org.example.bright.BrightFactory",
                "bright", "Favours bright tokens (test plugin)", """
                        return new MaskingStrategy() {
                            public double defaultRatio() { return 0.75; }
                            public int visibleCount(TokenGrid grid, double ratio) {
                                return MaskRatio.checkVisible(MaskRatio.keptOf(grid.tokenCount(), ratio), grid, ratio,
                                        "tokens");
                            }
                            public boolean needsContent() { return true; }
                            public TokenMask sample(MaskRequest request) {
                                TokenProbabilities p = tokenScores(request).orElseThrow();
                                int visible = visibleCount(request.grid(), request.ratio());
                                return TokenMask.ofClips(request.grid(), request.batchSize(),
                                        clip -> TokenSampling.withoutReplacement(p.clip(clip), visible,
                                                request.random()));
                            }
                            public java.util.Optional<TokenProbabilities> tokenScores(MaskRequest request) {
                                ClipContent content = request.optionalContent().orElseThrow(
                                        () -> new IllegalArgumentException("bright needs the clips"));
                                int n = request.grid().tokenCount();
                                double[][] scores = new double[request.batchSize()][n];
                                for (int b = 0; b < scores.length; b++) {
                                    double sum = 0;
                                    for (int i = 0; i < n; i++) {
                                        float[] tubelet = content.tubelet(b, i);
                                        double mean = 0;
                                        for (int v = 0; v < tubelet.length; v++) {
                                            mean += ClipContent.unnormalised(tubelet[v], v % ClipContent.CHANNELS);
                                        }
                                        mean /= tubelet.length;
                                        scores[b][i] = mean * mean + 1e-6;
                                        sum += scores[b][i];
                                    }
                                    for (int i = 0; i < n; i++) {
                                        scores[b][i] /= sum;
                                    }
                                }
                                return java.util.Optional.of(new TokenProbabilities(request.grid(), scores));
                            }
                        };
                """);
        Files.move(jar, plugins.resolve(jar.getFileName()));
    }

    private static CommandLineRun saliency(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "saliency";
        System.arraycopy(args, 0, all, 1, args.length);
        return CommandLineRun.of(all);
    }

    /** Returns the values of saliency.json, one row per token in grid order, after checking its grid. */
    private double[] valuesOf(JsonNode document) {
        assertThat(document.get("grid").toString()).isEqualTo("{\"t\":2,\"h\":4,\"w\":4}");
        JsonNode slices = document.get("values");
        assertThat(slices.size()).isEqualTo(2);
        double[] values = new double[TOKENS];
        for (int t = 0; t < 2; t++) {
            assertThat(slices.get(t).size()).isEqualTo(16);
            for (int i = 0; i < 16; i++) {
                values[t * 16 + i] = slices.get(t).get(i).asDouble();
            }
        }
        return values;
    }

    private static Config testConfig(String strategy) {
        return new ConfigLoader(null).load(new ConfigRequest("test", List.of(), List.of(),
                Map.of("adamae.masking.strategy", strategy, "adamae.masking.ratio", 0.75)),
                ConfigFactory.defaultReference());
    }

    private static VideoClip embeddedClip(Config config, int index) throws Exception {
        return MovingSpritesDataset.forModel(ModelSettings.from(config), MovingSpritesSettings.from(config))
                .readView(index, EvaluationView.CENTRE);
    }

    @Test
    void aLearnedSamplersProbabilitiesAreWrittenPerTimeSliceAndAreTheOnesItsGraphComputesForTheClip()
            throws Exception {
        CommandLineRun run = saliency("--checkpoint", adaptiveRun.toString(), "--embedded", "--index", "3", "--seed",
                "2", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path json = out.resolve("saliency.json");
        Path t0 = out.resolve("moving-sprites-3-saliency-t0.png");
        Path t1 = out.resolve("moving-sprites-3-saliency-t1.png");
        assertThat(run.out().lines()).containsExactly(json.toString(), t0.toString(), t1.toString());
        JsonNode document = new ObjectMapper().readTree(json.toFile());
        assertThat(document.get("strategy").asText()).isEqualTo("adaptive");
        assertThat(document.get("kind").asText()).isEqualTo("probabilities");
        assertThat(document.get("clip").asText()).isEqualTo("moving-sprites/3");
        assertThat(Path.of(document.get("checkpoint").asText()).getParent())
                .isEqualTo(adaptiveRun.resolve("checkpoints"));
        double[] values = valuesOf(document);
        assertThat(java.util.Arrays.stream(values).sum()).isCloseTo(1.0, within(1e-5));

        // The same sampler, rebuilt from the seed the untrained run drew its weights from, shows
        // the clip with adamae visualize's code and the same seed.
        Config config = testConfig("adaptive");
        ModelSettings model = ModelSettings.from(config);
        MaskingStrategy strategy = new AdaptiveMaskingStrategyFactory()
                .create(Settings.ofStrategy(config, AdaptiveMaskingStrategyFactory.NAME));
        VideoMaeGraph graph = VideoMaeGraph.build(new VideoMaeGraphSpec(model, 1,
                strategy.visibleCount(model.grid(), 0.75), LossType.MSE_NORMALIZED, 5), strategy.learnedSampler());
        double[] expected = new Visualizer(graph, strategy, 0.75).show(embeddedClip(config, 3), 2).probabilities();
        for (int token = 0; token < TOKENS; token++) {
            assertThat(values[token]).as("token %d", token).isCloseTo(expected[token], within(1e-6));
        }
        assertThat(java.util.Arrays.stream(values).distinct().count()).isGreaterThan(1);

        BufferedImage picture = ImageIO.read(t1.toFile());
        assertThat(picture.getWidth()).isEqualTo(256);
        assertThat(picture.getHeight()).isEqualTo(256);
    }

    @Test
    void aContentAwareStrategysScoresAreComputedOnTheClipsPixels() throws Exception {
        CommandLineRun run = saliency("--checkpoint", tubeRun.toString(), "--plugins", plugins.toString(),
                "--strategy", "bright", "--embedded", "--index", "1", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode document = new ObjectMapper().readTree(out.resolve("saliency.json").toFile());
        assertThat(document.get("strategy").asText()).isEqualTo("bright");
        assertThat(document.get("kind").asText()).isEqualTo("scores");
        double[] values = valuesOf(document);
        assertThat(java.util.Arrays.stream(values).sum()).isCloseTo(1.0, within(1e-5));

        // The plugin's rule on the clip's own pixels: each tubelet's mean colour value, squared.
        VideoClip clip = embeddedClip(testConfig("tube"), 1);
        double[] expected = new double[TOKENS];
        double sum = 0;
        for (int token = 0; token < TOKENS; token++) {
            int t0 = token / 16 * 2;
            int y0 = token / 4 % 4 * 8;
            int x0 = token % 4 * 8;
            double mean = 0;
            for (int c = 0; c < 3; c++) {
                for (int t = t0; t < t0 + 2; t++) {
                    for (int y = y0; y < y0 + 8; y++) {
                        for (int x = x0; x < x0 + 8; x++) {
                            mean += clip.pixels()[clip.pixelIndex(c, t, y, x)] * VideoClip.STD[c] + VideoClip.MEAN[c];
                        }
                    }
                }
            }
            mean /= 3 * 2 * 8 * 8;
            expected[token] = mean * mean + 1e-6;
            sum += expected[token];
        }
        for (int token = 0; token < TOKENS; token++) {
            assertThat(values[token]).as("token %d", token).isCloseTo(expected[token] / sum, within(1e-6));
        }
        assertThat(out.resolve("moving-sprites-1-saliency-t0.png")).isRegularFile();
        assertThat(out.resolve("moving-sprites-1-saliency-t1.png")).isRegularFile();
    }

    @Test
    void aStrategyWithNoDistributionToShowIsRefusedInOneLineAndNothingIsWritten() {
        Path folder = out.resolve("pictures");
        CommandLineRun run = saliency("--checkpoint", tubeRun.toString(), "--embedded", "--out", folder.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("adamae: ").contains("'tube' has neither a learned sampler nor token scores");
        assertThat(folder).doesNotExist();
    }

    @Test
    void anUnknownStrategyIsRefusedInOneLine() {
        Path folder = out.resolve("pictures");
        CommandLineRun run = saliency("--checkpoint", tubeRun.toString(), "--strategy", "no-such", "--embedded",
                "--out", folder.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).contains("no-such");
        assertThat(folder).doesNotExist();
    }

    @Test
    void aLearnedStrategyOnACheckpointWithoutItsSamplerIsRefusedInOneLine() {
        Path folder = out.resolve("pictures");
        CommandLineRun run = saliency("--checkpoint", tubeRun.toString(), "--strategy", "adaptive", "--embedded",
                "--out", folder.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(folder).doesNotExist();
    }
}
