package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.visual.VisualizationPictures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adamae visualize} on untrained {@code test}-preset runs: clips of 4x32x32 pixels in
 * tubelets of 2x8x8, a grid of 2x4x4 tokens, drawn at scale 8 (the default panel size 256 over 32
 * pixels).
 */
class VisualizeCommandTest {

    private static final int SCALE = 8;
    private static final int SIDE = 32 * SCALE;
    private static final Path VIDEOS = Path.of("../video-data/src/test/resources/clips");

    @TempDir
    static Path runs;

    private static Path tubeRun;
    private static Path adaptiveRun;

    @TempDir
    Path out;

    @BeforeAll
    static void writeRuns() throws Exception {
        tubeRun = runs.resolve("tube");
        UntrainedRun.write(tubeRun, "tube", 0.75);
        adaptiveRun = runs.resolve("adaptive");
        UntrainedRun.write(adaptiveRun, "adaptive", 0.75);
    }

    private static CommandLineRun visualize(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "visualize";
        System.arraycopy(args, 0, all, 1, args.length);
        return CommandLineRun.of(all);
    }

    private static void assertRefusedInOneLine(CommandLineRun run, int exitCode, String... fragments) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("adamae: ").contains(fragments);
    }

    private static Set<Integer> visibleOf(CommandLineRun masks) throws Exception {
        assertThat(masks.exitCode()).as(masks.err()).isZero();
        JsonNode document = new ObjectMapper().readTree(masks.out());
        Set<Integer> visible = new HashSet<>();
        document.get("visible").get(0).forEach(token -> visible.add(token.asInt()));
        return visible;
    }

    /** Checks that the mask panel, column {@code maskColumn}, shows exactly the visible tokens as given and dims the others. */
    private static void assertMaskPanelShowsExactly(BufferedImage grid, int maskColumn, Set<Integer> visible) {
        int gap = VisualizationPictures.GAP;
        int header = VisualizationPictures.HEADER;
        int inputColumn = 0;
        Set<Integer> dimmedTokens = new HashSet<>();
        Set<Integer> shownTokens = new HashSet<>();
        for (int t = 0; t < 4; t++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int token = ((t / 2) * 4 + y / 8) * 4 + x / 8;
                    int top = header + t * (SIDE + gap) + y * SCALE + SCALE / 2;
                    int input = grid.getRGB(gap + inputColumn * (SIDE + gap) + x * SCALE + SCALE / 2, top) & 0xFFFFFF;
                    int masked = grid.getRGB(gap + maskColumn * (SIDE + gap) + x * SCALE + SCALE / 2, top) & 0xFFFFFF;
                    if (visible.contains(token)) {
                        assertThat(masked).as("visible token %d at (%d, %d, %d)", token, t, y, x).isEqualTo(input);
                        shownTokens.add(token);
                    } else {
                        assertThat(masked).as("hidden token %d at (%d, %d, %d)", token, t, y, x)
                                .isEqualTo(VisualizationPictures.dim(input));
                        dimmedTokens.add(token);
                    }
                }
            }
        }
        assertThat(dimmedTokens).hasSize(32 - visible.size());
        assertThat(shownTokens).isEqualTo(visible);
    }

    @Test
    void theRunsStrategyDrawsTheMaskThatAdamaeMasksPrintsAndTheMaskPanelDimsExactlyItsHiddenTubelets()
            throws Exception {
        CommandLineRun run = visualize("--checkpoint", tubeRun.toString(), "--embedded", "--index", "3", "--seed", "5",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path png = out.resolve("moving-sprites-3-tube.png");
        Path gif = out.resolve("moving-sprites-3-tube.gif");
        assertThat(run.out().lines()).containsExactly(png.toString(), gif.toString());
        assertThat(run.err()).contains("tube at ratio 0.75 (8 of 32 tokens visible), seed 5");

        // Four panels (input, reconstruction, error, mask: tube has no sampler), four frames.
        BufferedImage grid = ImageIO.read(png.toFile());
        int gap = VisualizationPictures.GAP;
        int header = VisualizationPictures.HEADER;
        assertThat(grid.getWidth()).isEqualTo(gap + 4 * (SIDE + gap));
        assertThat(grid.getHeight()).isEqualTo(header + 4 * (SIDE + gap));

        Set<Integer> visible = visibleOf(CommandLineRun.of("masks", "--preset", "test", "--strategy", "tube",
                "--ratio", "0.75", "--seed", "5", "--json"));
        assertThat(visible).hasSize(8);
        assertMaskPanelShowsExactly(grid, 3, visible);

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(4);
            BufferedImage frame = reader.read(3);
            assertThat(frame.getWidth()).isEqualTo(grid.getWidth());
            assertThat(frame.getHeight()).isEqualTo(header + SIDE + gap);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void aLearnedSamplersProbabilitiesFillEachTubeletInBothItsFramesAndItsMaskShowsItsVisibleCount() throws Exception {
        CommandLineRun run = visualize("--checkpoint", adaptiveRun.resolve("checkpoints").toString(), "--embedded",
                "--seed", "2", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("moving-sprites/2, adaptive at ratio 0.75 (8 of 32 tokens visible)");
        BufferedImage grid = ImageIO.read(out.resolve("moving-sprites-2-adaptive.png").toFile());
        int gap = VisualizationPictures.GAP;
        int header = VisualizationPictures.HEADER;
        assertThat(grid.getWidth()).isEqualTo(gap + 5 * (SIDE + gap));

        int[] tokenColour = new int[32];
        Arrays.fill(tokenColour, -1);
        Set<Integer> shownTokens = new HashSet<>();
        for (int t = 0; t < 4; t++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int token = ((t / 2) * 4 + y / 8) * 4 + x / 8;
                    int top = header + t * (SIDE + gap) + y * SCALE + SCALE / 2;
                    int probability = grid.getRGB(gap + 3 * (SIDE + gap) + x * SCALE + SCALE / 2, top) & 0xFFFFFF;
                    if (tokenColour[token] < 0) {
                        tokenColour[token] = probability;
                    }
                    assertThat(probability).as("token %d at (%d, %d, %d)", token, t, y, x).isEqualTo(tokenColour[token]);
                    int input = grid.getRGB(gap + x * SCALE + SCALE / 2, top) & 0xFFFFFF;
                    int masked = grid.getRGB(gap + 4 * (SIDE + gap) + x * SCALE + SCALE / 2, top) & 0xFFFFFF;
                    if (masked == input && masked != VisualizationPictures.dim(input)) {
                        shownTokens.add(token);
                    }
                }
            }
        }
        assertThat(Arrays.stream(tokenColour).distinct().count()).isGreaterThan(1);
        assertThat(shownTokens).hasSize(8);
    }

    @Test
    void aVideoFileIsReadCentredAndNamesThePictures() {
        CommandLineRun run = visualize("--checkpoint", tubeRun.toString(), "--video",
                VIDEOS.resolve("realshort.mp4").toString(), "--strategy", "random-patch", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        // Another strategy than the run's takes its own default ratio, 0.9: 4 of 32 tokens visible.
        assertThat(run.err()).contains("random-patch at ratio 0.9 (4 of 32 tokens visible)");
        assertThat(out.resolve("realshort-random-patch.png")).isRegularFile();
        assertThat(out.resolve("realshort-random-patch.gif")).isRegularFile();
    }

    @Test
    void aStrategyThatLooksAtTheClipMasksTheClipShownAsAdamaeMasksDoesOnThatClip() throws Exception {
        CommandLineRun run = visualize("--checkpoint", tubeRun.toString(), "--embedded", "--index", "3", "--strategy",
                "motion-guided", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("moving-sprites/3, motion-guided at ratio 0.9 (4 of 32 tokens visible)");
        Set<Integer> visible = visibleOf(CommandLineRun.of("masks", "--preset", "test", "--strategy", "motion-guided",
                "--embedded", "--index", "3", "--json"));
        assertThat(visible).hasSize(4);
        assertMaskPanelShowsExactly(ImageIO.read(out.resolve("moving-sprites-3-motion-guided.png").toFile()), 3,
                visible);
    }

    @Test
    void aCheckpointOutOfItsRunFolderTakesTheStrategyItWasTrainedWith() throws Exception {
        Path loose = Files.copy(new CheckpointStore(tubeRun.resolve("checkpoints"), 3)
                .newest().orElseThrow(), out.resolve("loose.ckpt"));

        CommandLineRun run = visualize("--checkpoint", loose.toString(), "--preset", "test", "--embedded", "--out",
                out.resolve("pictures").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("tube at ratio 0.75");
    }

    @Test
    void aCheckpointForAnotherModelIsRefusedNamingTheDimensionThatDiffers() throws Exception {
        Path loose = Files.copy(new CheckpointStore(tubeRun.resolve("checkpoints"), 3)
                .newest().orElseThrow(), out.resolve("loose.ckpt"));

        assertRefusedInOneLine(visualize("--checkpoint", loose.toString(), "--embedded", "--out", out.toString()),
                AdaMaeMain.USAGE, "loose.ckpt does not fit this model: its clipFrames is 4, the model's 16",
                "give the --preset");
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--embedded", "--set",
                "adamae.model.encoder.depth=3", "--out", out.toString()),
                AdaMaeMain.USAGE, "does not fit this model: its encoder.depth is 2, the model's 3");
    }

    @Test
    void aStrategyWhoseSamplerTheCheckpointLacksIsRefused() {
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--embedded", "--strategy", "adaptive",
                "--out", out.toString()), AdaMaeMain.USAGE, "does not fit this model: it has no masking/",
                "trained without this masking strategy's sampler");
    }

    @Test
    void aMissingOrDamagedCheckpointIsRefusedNamingIt() throws Exception {
        assertRefusedInOneLine(visualize("--checkpoint", out.resolve("nowhere").toString(), "--embedded", "--out",
                out.toString()), AdaMaeMain.USAGE, "nowhere: no such file or folder");
        assertRefusedInOneLine(visualize("--checkpoint", out.toString(), "--embedded", "--out", out.toString()),
                AdaMaeMain.USAGE, "holds no checkpoint");
        Path damaged = Files.writeString(out.resolve("step-000000001.ckpt"), "not a checkpoint");
        assertRefusedInOneLine(visualize("--checkpoint", damaged.toString(), "--embedded", "--out", out.toString()),
                AdaMaeMain.USAGE, "step-000000001.ckpt");
    }

    @Test
    void anUnknownStrategyIsRefusedWithTheKnownOnes() {
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--embedded", "--strategy", "nope",
                "--out", out.toString()), AdaMaeMain.USAGE, "Unknown masking strategy 'nope'", "tube");
    }

    @Test
    void aVideoThatCannotBeReadIsRefusedNamingTheFileAndTheReason() throws Exception {
        Path broken = Files.writeString(out.resolve("broken.mp4"), "not a video");
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--video", broken.toString(), "--out",
                out.toString()), AdaMaeMain.USAGE, "Video " + broken, "not a video");
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--video", out.resolve("absent.mp4")
                .toString(), "--out", out.toString()), AdaMaeMain.USAGE, "absent.mp4: file not found");
        assertThat(out.resolve("broken-tube.png")).doesNotExist();
    }

    @Test
    void settingsThatContradictTheRunAreRefused() {
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--embedded", "--preset", "tiny", "--out",
                out.toString()), AdaMaeMain.USAGE, "--preset tiny: the checkpoint's run was made with preset test");
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--embedded", "--set",
                "adamae.loss.type=mse-raw", "--out", out.toString()), AdaMaeMain.USAGE,
                "was trained with loss mse-normalized, not adamae.loss.type = mse-raw");
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--embedded", "--index", "5000", "--out",
                out.toString()), AdaMaeMain.USAGE, "--index 5000 is outside the embedded set's 2048 clips");
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--video", "a.mp4", "--index", "1",
                "--out", out.toString()), AdaMaeMain.USAGE, "--index picks a clip of the embedded set");
    }

    @Test
    void aClipSourceIsRequiredAndOnlyOne() {
        CommandLineRun neither = visualize("--checkpoint", tubeRun.toString(), "--out", out.toString());
        CommandLineRun both = visualize("--checkpoint", tubeRun.toString(), "--embedded", "--video", "a.mp4", "--out",
                out.toString());

        assertThat(neither.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(neither.err()).contains("--video").contains("--embedded");
        assertThat(both.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void picturesAreNotWrittenOverAFile() throws Exception {
        Path file = Files.writeString(out.resolve("taken"), "");
        assertRefusedInOneLine(visualize("--checkpoint", tubeRun.toString(), "--embedded", "--out", file.toString()),
                AdaMaeMain.USAGE, "--out " + file + " is a file, not a folder");
        assertThat(file).isEmptyFile();
    }
}
