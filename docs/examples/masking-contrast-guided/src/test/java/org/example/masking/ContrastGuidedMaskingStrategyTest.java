package org.example.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.testkit.MaskingStrategyContractTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The contract kit checks what every (content-aware) strategy must do; the tests below, what this one adds. */
class ContrastGuidedMaskingStrategyTest extends MaskingStrategyContractTest {

    private static final TokenGrid GRID = new TokenGrid(2, 4, 4);
    private static final int TUBELET = 4;

    @Override
    protected MaskingStrategyFactory factory() {
        return new ContrastGuidedMaskingStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int kept = (int) Math.floor(grid.tokenCount() * (1 - ratio) + MaskRatio.EPSILON);
        return kept >= 1 && kept < grid.tokenCount() ? kept : -1;
    }

    /** One clip: flat grey, except the tokens in {@code textured}, whose pixels alternate black and white. */
    private static ClipContent clipWithTexturedTokens(int... textured) {
        int values = 2 * TUBELET * TUBELET * ClipContent.CHANNELS;
        float[] content = new float[GRID.tokenCount() * values];
        for (int token = 0; token < GRID.tokenCount(); token++) {
            for (int i = 0; i < values; i++) {
                int c = i % ClipContent.CHANNELS;
                int pixel = i / ClipContent.CHANNELS;
                float colour = contains(textured, token) ? (pixel % 2 == 0 ? 0f : 1f) : 0.5f;
                content[token * values + i] = (colour - ClipContent.MEAN[c]) / ClipContent.STD[c];
            }
        }
        return new ClipContent(GRID, 1, 2, TUBELET, TUBELET, content);
    }

    private static boolean contains(int[] tokens, int token) {
        return java.util.Arrays.stream(tokens).anyMatch(t -> t == token);
    }

    private static MaskRequest request(ClipContent content, double ratio, long seed) {
        return new MaskRequest(GRID, ratio, 1, new SplittableRandom(seed)).withContent(content);
    }

    @Test
    void texturedTokensAreKeptFarMoreOftenThanFlatOnes() {
        int[] textured = {GRID.index(0, 1, 1), GRID.index(0, 1, 2), GRID.index(1, 2, 1), GRID.index(1, 2, 2)};
        ClipContent content = clipWithTexturedTokens(textured);
        ContrastGuidedMaskingStrategy strategy = new ContrastGuidedMaskingStrategy(0.875, 0.25);
        int texturedKept = 0;
        int flatKept = 0;
        int draws = 400;
        for (int seed = 0; seed < draws; seed++) {
            TokenMask mask = strategy.sample(request(content, 0.875, seed));
            for (int token : mask.visible(0)) {
                if (contains(textured, token)) {
                    texturedKept++;
                } else {
                    flatKept++;
                }
            }
        }
        // 4 of 32 tokens are textured and 4 are kept per draw: uniform masking would keep a
        // textured token one time in eight; with 3/4 of the weight on contrast, most of the time.
        double texturedRate = texturedKept / (4.0 * draws);
        double flatRate = flatKept / (28.0 * draws);
        assertThat(texturedRate).isGreaterThan(0.6);
        assertThat(flatRate).isLessThan(0.07);
    }

    @Test
    void theScoresAreTheDrawingWeightsAndUniformShareOneIsUniform() {
        ClipContent content = clipWithTexturedTokens(GRID.index(0, 0, 0));
        double[] scores = new ContrastGuidedMaskingStrategy(0.9, 0.25).tokenScores(request(content, 0.9, 1))
                .orElseThrow().clip(0);
        assertThat(scores[GRID.index(0, 0, 0)]).isCloseTo(0.25 / 32 + 0.75, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scores[1]).isCloseTo(0.25 / 32, org.assertj.core.data.Offset.offset(1e-9));
        double[] uniform = new ContrastGuidedMaskingStrategy(0.9, 1).tokenScores(request(content, 0.9, 1))
                .orElseThrow().clip(0);
        assertThat(uniform).containsOnly(1.0 / 32);
    }

    @Test
    void aRequestWithoutContentIsRefusedNamingTheStrategy() {
        assertThatThrownBy(() -> new ContrastGuidedMaskingStrategy(0.9, 0.25)
                .sample(new MaskRequest(GRID, 0.9, 1, new SplittableRandom(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contrast-guided");
    }
}
