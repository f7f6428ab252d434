package dev.adamae.engine.data;

import static dev.adamae.engine.data.MovingSpritesDefaults.TEST_PRESET;
import static dev.adamae.engine.data.MovingSpritesDefaults.TINY_PRESET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The textured scene, and the plain one kept exactly as it was. */
class TexturedSceneTest {

    private static final String TEXTURED = "adamae.data.moving-sprites { scene = textured, background-noise = 0 }";
    private static final String PLAIN = "adamae.data.moving-sprites { scene = plain, background-noise = 0.03 }";

    /** The tiny preset's model: 16x64x64 clips in 2x8x8 tubelets. */
    private static final ModelSettings TINY = new ModelSettings(16, 64, 64, 2, 8, 8,
            new ModelSettings.Transformer(192, 6, 3, 4), new ModelSettings.Transformer(96, 2, 3, 4), 3);

    /**
     * Checksums of the first 8 clips (pixels, foreground, label) at the test and tiny sizes, taken
     * from the build before the textured scene existed: the plain scene is that set, bit for bit.
     */
    @Test
    void thePlainSceneIsTheEarlierSetBitForBit() {
        assertThat(checksum(MovingSpritesDefaults.dataset(TEST_PRESET, ""))).isEqualTo(-3354182641894560933L);
        assertThat(checksum(MovingSpritesDefaults.dataset(TINY_PRESET, ""))).isEqualTo(-6346510790303039449L);
        assertThat(checksum(MovingSpritesDefaults.dataset(TINY_PRESET, "adamae.data.moving-sprites.background-noise = 0")))
                .isEqualTo(3236925659275285379L);
        assertThat(MovingSpritesDefaults.settings("").scene()).isEqualTo(SceneStyle.PLAIN);
    }

    @Test
    void theTexturedSceneIsAFunctionOfSeedAndIndexAndDiffersFromThePlainOne() {
        MovingSpritesDataset textured = MovingSpritesDefaults.dataset(TINY_PRESET, TEXTURED);
        assertThat(textured.read(3, 0)).isEqualTo(MovingSpritesDefaults.dataset(TINY_PRESET, TEXTURED).read(3, 7));
        VideoClip plain = MovingSpritesDefaults.dataset(TINY_PRESET, "").read(3, 0);
        assertThat(textured.read(3, 0).pixels()).isNotEqualTo(plain.pixels());
        // Same draws for everything a frame shows but the paint: the label is the index's.
        assertThat(textured.read(3, 0).label()).isEqualTo(plain.label());
    }

    @Test
    void noTexturedBackgroundTubeletIsFlatWhileManyPlainOnesAre() {
        Map<String, Object> textured = statistics(TEXTURED, 32);
        Map<String, Object> plain = statistics("adamae.data.moving-sprites.background-noise = 0", 32);
        assertThat((double) textured.get("flat_tubelet_share")).isZero();
        assertThat((double) plain.get("flat_tubelet_share")).isGreaterThan(0.2);
    }

    @Test
    void theHiddenTubeletsOfATexturedClipFollowFromTheVisibleOnesAndThoseOfAPlainOneDoNot() {
        double textured = sliceMeanError(statistics(TEXTURED, 32));
        double plain = sliceMeanError(statistics(PLAIN, 32));
        // The mean of the visible tubelets of a slice predicts the hidden ones far better than 0 (about 1) ...
        assertThat(textured).isLessThan(0.7);
        // ... while on the plain set's noise it does no better than 0.
        assertThat(plain).isGreaterThan(0.95);
    }

    @Test
    void texturedSpritesAreStripedWithTwoColoursAndPlainOnesAreOneColour() {
        String oneSprite = "adamae.data.moving-sprites.sprites { min = 1, max = 1 }\n";
        for (int index = 0; index < 16; index++) {
            assertThat(spriteSpread(MovingSpritesDefaults.dataset(TINY_PRESET, oneSprite + TEXTURED)
                    .read(index, 0), 1)).as("textured clip %d", index).isGreaterThan(0.1);
            assertThat(spriteSpread(MovingSpritesDefaults.dataset(TINY_PRESET, oneSprite + PLAIN)
                    .read(index, 0), 2)).as("plain clip %d", index).isLessThan(1e-6);
        }
    }

    /**
     * The largest channel's spread over the sprite's inner pixels in frame 0: those whose
     * neighbours up to {@code reach} pixels away are all foreground too, so that the soft edge's
     * blend with the background is left out.
     */
    private static double spriteSpread(VideoClip clip, int reach) {
        double largest = 0;
        for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
            double sum = 0;
            double squares = 0;
            int count = 0;
            for (int y = reach; y < clip.height() - reach; y++) {
                for (int x = reach; x < clip.width() - reach; x++) {
                    int cy = y;
                    int cx = x;
                    boolean inner = IntStream.rangeClosed(-reach, reach).allMatch(dy -> IntStream.rangeClosed(-reach, reach)
                            .allMatch(dx -> clip.foreground()[clip.foregroundIndex(0, cy + dy, cx + dx)]));
                    if (inner) {
                        double value = clip.pixels()[clip.pixelIndex(channel, 0, y, x)] * VideoClip.STD[channel];
                        sum += value;
                        squares += value * value;
                        count++;
                    }
                }
            }
            if (count > 1) {
                largest = Math.max(largest, Math.sqrt(Math.max(0, squares / count - (sum / count) * (sum / count))));
            }
        }
        return largest;
    }

    private static double sliceMeanError(Map<String, Object> report) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> hidden = (Map<String, Map<String, Object>>) report.get("hidden_mse");
        return (double) hidden.get("slice_mean").get("all");
    }

    /** The statistics of the first {@code clips} tiny clips, each masked by a tube mask hiding 57 of 64 positions. */
    private static Map<String, Object> statistics(String overrides, int clips) {
        MovingSpritesDataset data = MovingSpritesDefaults.dataset(TINY_PRESET, overrides);
        ClipStatistics statistics = new ClipStatistics(TINY);
        SplittableRandom random = new SplittableRandom(5);
        TokenGrid grid = TINY.grid();
        for (int index = 0; index < clips; index++) {
            int[] positions = random.ints(0, grid.height() * grid.width()).distinct().limit(7).sorted().toArray();
            int[] visible = IntStream.range(0, grid.frames()).flatMap(t -> IntStream.of(positions)
                    .map(position -> t * grid.height() * grid.width() + position)).toArray();
            statistics.add(data.read(index, 0), new TokenMask(grid, new int[][] {visible}));
        }
        return statistics.report();
    }

    private static long checksum(MovingSpritesDataset data) {
        long hash = 17;
        for (int index = 0; index < 8; index++) {
            VideoClip clip = data.read(index, 0);
            for (float value : clip.pixels()) {
                hash = hash * 31 + Float.floatToIntBits(value);
            }
            for (boolean foreground : clip.foreground()) {
                hash = hash * 31 + (foreground ? 1 : 0);
            }
            hash = hash * 31 + clip.label();
        }
        return hash;
    }
}
