package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenSampling;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the decoded tokens are chosen from the encoder's hidden tokens and a decoder mask. */
class DecodedTokensTest {

    private static final TokenGrid GRID = new TokenGrid(4, 4, 4);
    private static final int BATCH = 16;

    @Test
    void theCountIsTheDecoderMasksKeptShareOfTheHiddenTokensRoundedAndWithinOneAndAll() {
        for (int hidden = 1; hidden < 64; hidden++) {
            for (int kept = 1; kept <= 64; kept++) {
                int count = DecodedTokens.count(hidden, kept, 64);
                assertThat(count).isBetween(1, hidden);
                if (count > 1 && count < hidden) {
                    assertThat((double) count).isCloseTo(hidden * kept / 64.0, within(0.5));
                }
            }
        }
    }

    @Test
    void everyClipDecodesTheCountOfItsHiddenTokensPreferringThoseTheDecoderMaskKeeps() {
        SplittableRandom draws = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            int visible = 1 + draws.nextInt(40);
            int kept = 1 + draws.nextInt(63);
            TokenMask encoder = TokenMask.ofClips(GRID, BATCH,
                    clip -> TokenSampling.uniformSubset(64, visible, draws));
            TokenMask decoder = TokenMask.ofClips(GRID, BATCH, clip -> TokenSampling.uniformSubset(64, kept, draws));
            int count = DecodedTokens.count(64 - visible, kept, 64);
            long seed = draws.nextLong();

            DecodedTokens decoded = DecodedTokens.choose(encoder, decoder, count, new SplittableRandom(seed));

            assertThat(DecodedTokens.choose(encoder, decoder, count, new SplittableRandom(seed)).tokens(3))
                    .as("the same seed").containsExactly(decoded.tokens(3));
            assertThat(decoded.count()).isEqualTo(count);
            for (int clip = 0; clip < BATCH; clip++) {
                int[] tokens = decoded.tokens(clip);
                assertThat(tokens).isSorted().doesNotHaveDuplicates().hasSize(count);
                Set<Integer> hidden = set(encoder.hidden(clip));
                int c = clip;
                Set<Integer> keptHidden = new HashSet<>(hidden);
                keptHidden.removeIf(token -> !decoder.isVisible(c, token));
                Set<Integer> chosen = set(tokens);
                assertThat(hidden).as("clip %d", clip).containsAll(chosen);
                if (keptHidden.size() >= count) {
                    assertThat(keptHidden).as("clip %d: trimmed from the kept hidden tokens", clip).containsAll(chosen);
                } else {
                    assertThat(chosen).as("clip %d: topped up", clip).containsAll(keptHidden);
                }
            }
        }
    }

    @Test
    void trimmingDrawsFromEveryKeptHiddenToken() {
        TokenMask encoder = TokenMask.ofClips(GRID, 1, clip -> IntStream.range(0, 8).toArray());
        TokenMask decoder = TokenMask.ofClips(GRID, 1, clip -> IntStream.range(0, 40).toArray());
        Set<Integer> seen = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            Arrays.stream(DecodedTokens.choose(encoder, decoder, 4, new SplittableRandom(seed)).tokens(0))
                    .forEach(seen::add);
        }
        // The 32 hidden tokens the decoder mask keeps are 8..39; 4 of them a clip: all appear in 200 draws.
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(8, 40).boxed().toList());
    }

    private static Set<Integer> set(int[] values) {
        return new HashSet<>(Arrays.stream(values).boxed().toList());
    }
}
