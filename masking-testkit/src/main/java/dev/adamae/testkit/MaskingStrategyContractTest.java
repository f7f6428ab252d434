package dev.adamae.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.ClipContent;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every masking strategy honours. A plugin's test class extends this one and
 * answers the abstract methods; the tests here then check the plugin as the host will use it.
 *
 * <p>The strategy under test is built from the plugin's own {@code reference.conf}, as found on
 * the test class path, under {@code adamae.masking.strategies.<name>}.
 *
 * <p>A content-aware strategy ({@link MaskingStrategy#needsContent()}) is handed synthetic clips
 * in every request: a bright square moving over a dark, lightly textured background (see
 * {@link #movingSquare}), and is also checked for what content brings: the same content and
 * seed give the same mask, other content can give another mask, and a request without content
 * is refused. A strategy with a learned sampler is checked by {@link LearnedSamplerContractTest},
 * which its test extends instead of this class.
 */
public abstract class MaskingStrategyContractTest {

    /** Frames of the tubelets the kit's synthetic clips are cut into. */
    protected static final int TUBELET_FRAMES = 2;

    /** Rows and columns of the tubelets the kit's synthetic clips are cut into. */
    protected static final int TUBELET_SIDE = 4;

    /** Returns the plugin's factory. */
    protected abstract MaskingStrategyFactory factory();

    /**
     * Returns the number of visible tokens per clip the strategy documents for {@code ratio},
     * written out independently of the implementation, or a negative number where the strategy
     * documents that it refuses the ratio on this grid.
     */
    protected abstract int expectedVisibleCount(TokenGrid grid, double ratio);

    /**
     * Returns settings the strategy must refuse: a HOCON snippet relative to the strategy's own
     * section, mapped to the key (relative to that section) that the refusal must name.
     * {@code default-ratio} is checked by the kit itself.
     */
    protected Map<String, String> invalidSettings() {
        return Map.of();
    }

    /** Returns the grids the contract is checked on; the defaults are the presets' grids and two odd ones. */
    protected List<TokenGrid> grids() {
        return List.of(new TokenGrid(2, 4, 4), new TokenGrid(8, 8, 8), new TokenGrid(8, 7, 7),
                new TokenGrid(8, 14, 14), new TokenGrid(3, 5, 7), new TokenGrid(1, 2, 2));
    }

    /** Returns the ratios the contract is checked at. */
    protected List<Double> ratios() {
        return List.of(0.5, 0.6, 0.75, 0.8, 0.85, 0.875, 0.9, 0.95, 0.98);
    }

    /** Returns the strategy built from the plugin's default settings. */
    protected final MaskingStrategy strategy() {
        return factory().create(defaultSettings());
    }

    /** Returns the plugin's default settings section. */
    protected final Settings defaultSettings() {
        return Settings.ofStrategy(ConfigFactory.defaultReference(getClass().getClassLoader()), factory().name());
    }

    /** Returns the plugin's default settings with {@code hocon} laid over its section. */
    protected final Settings settingsWith(String hocon) {
        Config section = ConfigFactory.parseString(hocon).withFallback(defaultSettings().config());
        return new Settings(Settings.strategyPath(factory().name()), section);
    }

    /**
     * Returns a request for {@code batch} clips; for a strategy with a learned sampler it carries
     * seeded, deliberately uneven token probabilities, and for a content-aware strategy the
     * {@link #content} of the batch, the same whatever the seed (so that the seed alone must vary
     * the masks).
     */
    protected final MaskRequest request(MaskingStrategy strategy, TokenGrid grid, double ratio, int batch, long seed) {
        TokenProbabilities probabilities = strategy.learnedSampler().isPresent()
                ? unevenProbabilities(grid, batch, seed ^ 0x5DEECE66DL)
                : null;
        ClipContent content = strategy.needsContent() ? content(grid, batch) : null;
        return new MaskRequest(grid, ratio, batch, new SplittableRandom(seed), probabilities, content, null);
    }

    /**
     * Returns the content the kit gives a content-aware strategy: clip {@code b} shows a
     * {@link #movingSquare} starting at a place of its own, the same whatever the request's seed.
     * A plugin whose strategy needs other content (larger tubelets, another motion) overrides it.
     */
    protected ClipContent content(TokenGrid grid, int batch) {
        SplittableRandom random = new SplittableRandom(0x5EED);
        int[][] starts = new int[batch][];
        for (int clip = 0; clip < batch; clip++) {
            starts[clip] = new int[] {random.nextInt(grid.height()), random.nextInt(grid.width())};
        }
        return movingSquare(grid, starts);
    }

    /**
     * Returns synthetic clips on {@code grid}, in tubelets of {@link #TUBELET_FRAMES} x
     * {@link #TUBELET_SIDE} x {@link #TUBELET_SIDE} pixels: a near-white square of 2 x 2 tokens
     * (clamped to the grid) on a dark background with a fixed faint texture, moving one token to
     * the right per time slice (wrapping round). Clip {@code b}'s square starts at token row
     * {@code starts[b][0]}, column {@code starts[b][1]}; the background is the same in every clip.
     */
    protected static ClipContent movingSquare(TokenGrid grid, int[]... starts) {
        int batch = starts.length;
        int frames = grid.frames() * TUBELET_FRAMES;
        int height = grid.height() * TUBELET_SIDE;
        int width = grid.width() * TUBELET_SIDE;
        int side = Math.min(2, Math.min(grid.height(), grid.width())) * TUBELET_SIDE;
        int tubeletValues = TUBELET_FRAMES * TUBELET_SIDE * TUBELET_SIDE * ClipContent.CHANNELS;
        float[] values = new float[batch * grid.tokenCount() * tubeletValues];
        for (int clip = 0; clip < batch; clip++) {
            int top = Math.floorMod(starts[clip][0], grid.height()) * TUBELET_SIDE;
            for (int frame = 0; frame < frames; frame++) {
                int left = Math.floorMod(starts[clip][1] + frame / TUBELET_FRAMES, grid.width()) * TUBELET_SIDE;
                for (int row = 0; row < height; row++) {
                    for (int column = 0; column < width; column++) {
                        boolean inside = row >= top && row < top + side
                                && Math.floorMod(column - left, width) < side;
                        int token = grid.index(frame / TUBELET_FRAMES, row / TUBELET_SIDE, column / TUBELET_SIDE);
                        int within = ((frame % TUBELET_FRAMES) * TUBELET_SIDE + row % TUBELET_SIDE) * TUBELET_SIDE
                                + column % TUBELET_SIDE;
                        for (int channel = 0; channel < ClipContent.CHANNELS; channel++) {
                            float texture = (float) (0.05 * Math.sin(0.7 * row + 1.3 * column + 2.1 * channel));
                            float value = inside ? 0.9f : 0.15f + texture;
                            values[(clip * grid.tokenCount() + token) * tubeletValues + within * ClipContent.CHANNELS
                                    + channel] = (value - ClipContent.MEAN[channel]) / ClipContent.STD[channel];
                        }
                    }
                }
            }
        }
        return new ClipContent(grid, batch, TUBELET_FRAMES, TUBELET_SIDE, TUBELET_SIDE, values);
    }

    @Test
    void factoryHasAValidNameDescriptionAndSpiVersion() {
        MaskingStrategyFactory factory = factory();
        assertThat(factory.name()).matches("[a-z][a-z0-9-]*");
        assertThat(factory.description()).isNotBlank().doesNotContain("\n");
        assertThat(SpiVersion.incompatibility(factory.spiVersion())).isEmpty();
    }

    @Test
    void moduleRegistersExactlyOneFactoryWithServiceLoader() {
        Class<?> factoryClass = factory().getClass();
        var ownSource = factoryClass.getProtectionDomain().getCodeSource();
        List<Class<?>> registered = ServiceLoader.load(MaskingStrategyFactory.class, factoryClass.getClassLoader())
                .stream()
                .map(ServiceLoader.Provider::type)
                .filter(type -> type.getProtectionDomain().getCodeSource().getLocation()
                        .equals(ownSource.getLocation()))
                .collect(Collectors.toList());
        assertThat(registered).containsExactly(factoryClass);
    }

    @Test
    void defaultSettingsBuildAStrategyWithAValidDefaultRatio() {
        MaskingStrategy strategy = strategy();
        assertThat(strategy.defaultRatio()).isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void sameSeedGivesTheSameMask() {
        MaskingStrategy strategy = strategy();
        for (TokenGrid grid : grids()) {
            double ratio = strategy.defaultRatio();
            if (expectedVisibleCount(grid, ratio) < 0) {
                continue;
            }
            for (long seed = 1; seed <= 5; seed++) {
                TokenMask first = strategy.sample(request(strategy, grid, ratio, 3, seed));
                TokenMask second = strategy.sample(request(strategy, grid, ratio, 3, seed));
                assertThat(second).as("grid %s, seed %d", grid, seed).isEqualTo(first);
            }
        }
    }

    @Test
    void differentSeedsGiveDifferentMasks() {
        MaskingStrategy strategy = strategy();
        TokenGrid grid = new TokenGrid(8, 8, 8);
        List<TokenMask> masks = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            masks.add(strategy.sample(request(strategy, grid, strategy.defaultRatio(), 2, seed)));
        }
        assertThat(masks.stream().distinct().count()).as("distinct masks over 20 seeds").isGreaterThan(1);
    }

    @Test
    void visibleCountMatchesTheDocumentedRounding() {
        MaskingStrategy strategy = strategy();
        for (TokenGrid grid : grids()) {
            for (double ratio : ratios()) {
                int expected = expectedVisibleCount(grid, ratio);
                if (expected < 0) {
                    assertThatThrownBy(() -> strategy.visibleCount(grid, ratio))
                            .as("ratio %s on grid %s must be refused", ratio, grid)
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining(String.valueOf(ratio));
                    continue;
                }
                assertThat(strategy.visibleCount(grid, ratio)).as("ratio %s on grid %s", ratio, grid)
                        .isEqualTo(expected);
                TokenMask mask = strategy.sample(request(strategy, grid, ratio, 4, 7));
                assertThat(mask.visibleCount()).as("mask at ratio %s on grid %s", ratio, grid).isEqualTo(expected);
                assertThat(mask.batchSize()).isEqualTo(4);
                assertThat(mask.grid()).isEqualTo(grid);
            }
        }
    }

    @Test
    void visibleIndicesAreAscendingInRangeUniqueAndComplementTheHiddenOnes() {
        MaskingStrategy strategy = strategy();
        for (TokenGrid grid : grids()) {
            double ratio = strategy.defaultRatio();
            if (expectedVisibleCount(grid, ratio) < 0) {
                continue;
            }
            TokenMask mask = strategy.sample(request(strategy, grid, ratio, 5, 11));
            for (int clip = 0; clip < mask.batchSize(); clip++) {
                int[] visible = mask.visible(clip);
                for (int i = 0; i < visible.length; i++) {
                    assertThat(visible[i]).isBetween(0, grid.tokenCount() - 1);
                    if (i > 0) {
                        assertThat(visible[i]).as("clip %d, position %d", clip, i).isGreaterThan(visible[i - 1]);
                    }
                }
                List<Integer> all = new ArrayList<>();
                IntStream.of(visible).forEach(all::add);
                IntStream.of(mask.hidden(clip)).forEach(all::add);
                assertThat(all).hasSize(grid.tokenCount()).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void aGridOfOneTokenIsRefusedAtEveryRatio() {
        MaskingStrategy strategy = strategy();
        TokenGrid grid = new TokenGrid(1, 1, 1);
        for (double ratio : ratios()) {
            assertThatThrownBy(() -> strategy.visibleCount(grid, ratio))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(ratio));
            assertThatThrownBy(() -> strategy.sample(request(strategy, grid, ratio, 1, 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(ratio));
        }
    }

    @Test
    void aContentAwareStrategyRefusesARequestWithoutContentNamingItself() {
        MaskingStrategy strategy = strategy();
        Assumptions.assumeTrue(strategy.needsContent(), "the strategy does not look at the clips");
        TokenGrid grid = new TokenGrid(8, 8, 8);
        MaskRequest withoutContent = new MaskRequest(grid, strategy.defaultRatio(), 2, new SplittableRandom(1));
        assertThatThrownBy(() -> strategy.sample(withoutContent))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + factory().name() + "'");
    }

    @Test
    void tokenScoresWhereTheStrategyHasThemAreOneDistributionPerClipOfTheGrid() {
        MaskingStrategy strategy = strategy();
        for (TokenGrid grid : grids()) {
            double ratio = strategy.defaultRatio();
            if (expectedVisibleCount(grid, ratio) < 0) {
                continue;
            }
            Optional<TokenProbabilities> scores = strategy.tokenScores(request(strategy, grid, ratio, 3, 5));
            Assumptions.assumeTrue(scores.isPresent(), "the strategy has no token scores");
            // TokenProbabilities itself checks that each row is finite, non-negative and sums to 1.
            assertThat(scores.get().grid()).as("grid %s", grid).isEqualTo(grid);
            assertThat(scores.get().batchSize()).as("grid %s", grid).isEqualTo(3);
        }
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSetting() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("default-ratio = 1.5", "default-ratio");
        cases.put("default-ratio = 0", "default-ratio");
        cases.put("default-ratio = \"lots\"", "default-ratio");
        cases.putAll(invalidSettings());
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            String fullKey = Settings.strategyPath(factory().name()) + "." + entry.getValue();
            assertThatThrownBy(() -> factory().create(settingsWith(entry.getKey())))
                    .as("settings %s", entry.getKey())
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining(fullKey)
                    .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo(fullKey));
        }
    }

    @Test
    void aStrategyWithALearnedSamplerIsCheckedByTheLearnedSamplerKit() {
        Assumptions.assumeTrue(strategy().learnedSampler().isPresent(), "the strategy has no learned sampler");
        assertThat(this)
                .as("a strategy with a learned sampler: its test must extend LearnedSamplerContractTest, which checks "
                        + "the sampler's graph, loss and gradient")
                .isInstanceOf(LearnedSamplerContractTest.class);
    }

    @Test
    void aContentAwareStrategyGivesTheSameMaskForTheSameContentAndSeed() {
        MaskingStrategy strategy = strategy();
        Assumptions.assumeTrue(strategy.needsContent(), "the strategy does not look at the clips");
        TokenGrid grid = new TokenGrid(8, 8, 8);
        double ratio = strategy.defaultRatio();
        for (long seed = 1; seed <= 5; seed++) {
            // Two equal contents, built apart: the mask must depend on the values, not the object.
            TokenMask first = strategy.sample(new MaskRequest(grid, ratio, 2, new SplittableRandom(seed), null,
                    movingSquare(grid, new int[] {1, 2}, new int[] {5, 4}), null));
            TokenMask second = strategy.sample(new MaskRequest(grid, ratio, 2, new SplittableRandom(seed), null,
                    movingSquare(grid, new int[] {1, 2}, new int[] {5, 4}), null));
            assertThat(second).as("seed %d", seed).isEqualTo(first);
        }
    }

    @Test
    void aContentAwareStrategyCanGiveOtherMasksForOtherContent() {
        MaskingStrategy strategy = strategy();
        Assumptions.assumeTrue(strategy.needsContent(), "the strategy does not look at the clips");
        TokenGrid grid = new TokenGrid(8, 8, 8);
        ClipContent topLeft = movingSquare(grid, new int[] {0, 0}, new int[] {0, 0});
        ClipContent bottomRight = movingSquare(grid, new int[] {6, 5}, new int[] {6, 5});
        int differing = 0;
        for (long seed = 1; seed <= 10; seed++) {
            TokenMask first = strategy.sample(new MaskRequest(grid, strategy.defaultRatio(), 2,
                    new SplittableRandom(seed), null, topLeft, null));
            TokenMask second = strategy.sample(new MaskRequest(grid, strategy.defaultRatio(), 2,
                    new SplittableRandom(seed), null, bottomRight, null));
            differing += first.equals(second) ? 0 : 1;
        }
        assertThat(differing)
                .as("seeds (of 10) whose masks differ between a square at the top left and one at the bottom right: "
                        + "a strategy that needs content must let the content change its masks")
                .isPositive();
    }

    /** Returns seeded token probabilities that differ strongly from token to token. */
    protected static TokenProbabilities unevenProbabilities(TokenGrid grid, int batch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] values = new double[batch][grid.tokenCount()];
        for (double[] row : values) {
            double sum = 0;
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.exp(3 * random.nextDouble());
                sum += row[i];
            }
            for (int i = 0; i < row.length; i++) {
                row[i] /= sum;
            }
        }
        return new TokenProbabilities(grid, values);
    }
}
