package dev.adamae.masking.motionguided;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.testkit.MaskingStrategyContractTest;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MotionGuidedMaskingStrategyTest extends MaskingStrategyContractTest {

    /** 4 time slices of 8x8 tokens, tubelets of 2x4x4 pixels: clips of 8 frames of 32x32. */
    private static final TokenGrid GRID = new TokenGrid(4, 8, 8);
    private static final int TUBELET_FRAMES = 2;
    private static final int TUBELET_SIZE = 4;
    private static final int SQUARE = 6;

    @Override
    protected MaskingStrategyFactory factory() {
        return new MotionGuidedMaskingStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int hidden = (int) Math.floor(grid.tokenCount() * ratio + MaskRatio.EPSILON);
        int visible = grid.tokenCount() - hidden;
        return visible >= 1 && hidden >= 1 ? visible : -1;
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of(
                "uniform-share = 1.5", "uniform-share",
                "uniform-share = -0.1", "uniform-share",
                "temperature = 0", "temperature",
                "temperature = \"warm\"", "temperature");
    }

    @Test
    void aMovingSquareIsVisibleFarMoreOftenThanTheStaticBackground() {
        int clips = 400;
        ClipContent content = clipsWithSquare(clips, 3, 2, 9);
        boolean[] square = squareTokens(3, 2, 9);
        TokenMask mask = strategy().sample(new MaskRequest(GRID, 0.9, clips, new SplittableRandom(3), null, content,
                null));
        double squareVisible = 0;
        double backgroundVisible = 0;
        int squareTokens = 0;
        for (boolean inside : square) {
            squareTokens += inside ? 1 : 0;
        }
        for (int clip = 0; clip < clips; clip++) {
            for (int token : mask.visible(clip)) {
                if (square[token]) {
                    squareVisible++;
                } else {
                    backgroundVisible++;
                }
            }
        }
        double squareRate = squareVisible / ((double) clips * squareTokens);
        double backgroundRate = backgroundVisible / ((double) clips * (GRID.tokenCount() - squareTokens));
        assertThat(squareTokens).isBetween(8, 40);
        assertThat(squareRate).as("how often a token the square crosses is visible, the background's is %s",
                backgroundRate).isGreaterThan(10 * backgroundRate);
    }

    @Test
    void theScoresSumToOnePerClipAndPeakWhereTheSquareMoves() {
        ClipContent content = clipsWithSquare(1, 3, 2, 9);
        boolean[] square = squareTokens(3, 2, 9);
        double[] p = strategy().tokenScores(new MaskRequest(GRID, 0.9, 1, new SplittableRandom(1), null, content, null))
                .orElseThrow().clip(0);
        double squareMass = 0;
        int squareTokens = 0;
        int peak = 0;
        for (int token = 0; token < p.length; token++) {
            if (square[token]) {
                squareMass += p[token];
                squareTokens++;
            }
            peak = p[token] > p[peak] ? token : peak;
        }
        double squareMean = squareMass / squareTokens;
        double backgroundMean = (1 - squareMass) / (p.length - squareTokens);
        assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(square[peak]).as("the likeliest token, %d, lies on the square's path", peak).isTrue();
        assertThat(squareMean).as("mean probability on the square's path, the background's is %s", backgroundMean)
                .isGreaterThan(10 * backgroundMean);
    }

    @Test
    void theSameContentAndSeedGiveTheSameMaskAndOtherContentAnotherMask() {
        MaskingStrategy strategy = strategy();
        ClipContent content = clipsWithSquare(4, 3, 2, 9);
        TokenMask first = strategy.sample(new MaskRequest(GRID, 0.9, 4, new SplittableRandom(5), null, content, null));
        TokenMask again = strategy.sample(new MaskRequest(GRID, 0.9, 4, new SplittableRandom(5), null,
                clipsWithSquare(4, 3, 2, 9), null));
        assertThat(again).isEqualTo(first);
        TokenMask elsewhere = strategy.sample(new MaskRequest(GRID, 0.9, 4, new SplittableRandom(5), null,
                clipsWithSquare(4, 20, -2, 9), null));
        assertThat(elsewhere).isNotEqualTo(first);
    }

    @Test
    void aStillClipAClipThatFlickersEverywhereAlikeOrAUniformShareOfOneGiveTheUniformDistribution() {
        double uniform = 1.0 / GRID.tokenCount();
        MaskingStrategy strategy = strategy();
        double[] still = strategy.tokenScores(new MaskRequest(GRID, 0.9, 1, new SplittableRandom(1), null,
                clipsWithSquare(1, 3, 0, 9, 0, 0), null)).orElseThrow().clip(0);
        assertThat(still).containsOnly(uniform);
        double[] flickering = strategy.tokenScores(new MaskRequest(GRID, 0.9, 1, new SplittableRandom(1), null,
                clipsWithSquare(1, 3, 0, 9, 0, 0.02), null)).orElseThrow().clip(0);
        assertThat(flickering).containsOnly(uniform);
        MaskingStrategy blind = factory().create(settingsWith("uniform-share = 1"));
        double[] ignored = blind.tokenScores(new MaskRequest(GRID, 0.9, 1, new SplittableRandom(1), null,
                clipsWithSquare(1, 3, 2, 9), null)).orElseThrow().clip(0);
        assertThat(ignored).containsOnly(uniform);
        double[] moving = strategy.tokenScores(new MaskRequest(GRID, 0.9, 1, new SplittableRandom(1), null,
                clipsWithSquare(1, 3, 2, 9), null)).orElseThrow().clip(0);
        assertThat(max(moving)).isGreaterThan(10 * uniform);
    }

    @Test
    void aLowerTemperatureFavoursTheFastestTokensMore() {
        ClipContent content = clipsWithSquare(1, 3, 2, 9);
        double[] warm = factory().create(settingsWith("temperature = 4")).tokenScores(
                new MaskRequest(GRID, 0.9, 1, new SplittableRandom(1), null, content, null)).orElseThrow().clip(0);
        double[] cold = factory().create(settingsWith("temperature = 0.25")).tokenScores(
                new MaskRequest(GRID, 0.9, 1, new SplittableRandom(1), null, content, null)).orElseThrow().clip(0);
        assertThat(max(cold)).isGreaterThan(max(warm));
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    /**
     * Clips of a static noise texture, with some sensor noise in every frame, over which a bright square of
     * {@link #SQUARE} pixels moves {@code step} pixels to the right per frame from column
     * {@code startColumn}, at row {@code row}.
     */
    private static ClipContent clipsWithSquare(int clips, int startColumn, int step, int row) {
        return clipsWithSquare(clips, startColumn, step, row, 0.02, 0);
    }

    /**
     * Clips as {@link #clipsWithSquare(int, int, int, int)}, with sensor noise of amplitude
     * {@code noise} and every pixel brightened by {@code flicker} per frame.
     */
    private static ClipContent clipsWithSquare(int clips, int startColumn, int step, int row, double noise,
            double flicker) {
        int frames = GRID.frames() * TUBELET_FRAMES;
        int size = GRID.height() * TUBELET_SIZE;
        int tubeletValues = TUBELET_FRAMES * TUBELET_SIZE * TUBELET_SIZE * ClipContent.CHANNELS;
        float[] values = new float[clips * GRID.tokenCount() * tubeletValues];
        SplittableRandom texture = new SplittableRandom(11);
        float[][] background = new float[size][size];
        for (float[] line : background) {
            for (int x = 0; x < size; x++) {
                line[x] = (float) (0.2 + 0.3 * texture.nextDouble());
            }
        }
        SplittableRandom sensor = new SplittableRandom(12);
        for (int b = 0; b < clips; b++) {
            for (int f = 0; f < frames; f++) {
                int column = startColumn + step * f;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean inside = y >= row && y < row + SQUARE && x >= column && x < column + SQUARE;
                        for (int c = 0; c < ClipContent.CHANNELS; c++) {
                            double colour = (inside ? 0.75 : background[y][x] + noise * (sensor.nextDouble() - 0.5)) + flicker * f;
                            int token = GRID.index(f / TUBELET_FRAMES, y / TUBELET_SIZE, x / TUBELET_SIZE);
                            int within = ((f % TUBELET_FRAMES) * TUBELET_SIZE + y % TUBELET_SIZE) * TUBELET_SIZE
                                    + x % TUBELET_SIZE;
                            values[(b * GRID.tokenCount() + token) * tubeletValues + within * ClipContent.CHANNELS + c]
                                    = (float) ((colour - ClipContent.MEAN[c]) / ClipContent.STD[c]);
                        }
                    }
                }
            }
        }
        return new ClipContent(GRID, clips, TUBELET_FRAMES, TUBELET_SIZE, TUBELET_SIZE, values);
    }

    /** Returns the tokens the square of {@link #clipsWithSquare} covers in some frame of their slice. */
    private static boolean[] squareTokens(int startColumn, int step, int row) {
        boolean[] square = new boolean[GRID.tokenCount()];
        for (int f = 0; f < GRID.frames() * TUBELET_FRAMES; f++) {
            int column = startColumn + step * f;
            for (int y = row; y < row + SQUARE; y++) {
                for (int x = column; x < column + SQUARE; x++) {
                    square[GRID.index(f / TUBELET_FRAMES, y / TUBELET_SIZE, x / TUBELET_SIZE)] = true;
                }
            }
        }
        return square;
    }
}
