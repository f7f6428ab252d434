package dev.adamae.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenMaskTest {

    private static final TokenGrid GRID = new TokenGrid(2, 2, 2);

    @Test
    void hiddenTokensAreTheAscendingComplementOfTheVisibleOnes() {
        TokenMask mask = new TokenMask(GRID, new int[][] {{1, 4, 6}, {0, 2, 7}});
        assertThat(mask.hidden(0)).containsExactly(0, 2, 3, 5, 7);
        assertThat(mask.hidden(1)).containsExactly(1, 3, 4, 5, 6);
        assertThat(mask.visibleCount()).isEqualTo(3);
        assertThat(mask.hiddenCount()).isEqualTo(5);
        assertThat(mask.isVisible(0, 4)).isTrue();
        assertThat(mask.isVisible(0, 5)).isFalse();
    }

    @Test
    void theMaskKeepsItsOwnCopy() {
        int[][] visible = {{1, 2}};
        TokenMask mask = new TokenMask(GRID, visible);
        visible[0][0] = 0;
        assertThat(mask.visible(0)).containsExactly(1, 2);
    }

    @Test
    void unsortedOrRepeatedIndicesAreRefused() {
        assertThatThrownBy(() -> new TokenMask(GRID, new int[][] {{3, 1}})).hasMessageContaining("ascending");
        assertThatThrownBy(() -> new TokenMask(GRID, new int[][] {{1, 1}})).hasMessageContaining("ascending");
    }

    @Test
    void indicesOutsideTheGridAreRefused() {
        assertThatThrownBy(() -> new TokenMask(GRID, new int[][] {{1, 8}})).hasMessageContaining("outside");
        assertThatThrownBy(() -> new TokenMask(GRID, new int[][] {{-1, 2}})).hasMessageContaining("outside");
    }

    @Test
    void clipsWithDifferentCountsAreRefused() {
        assertThatThrownBy(() -> new TokenMask(GRID, new int[][] {{1, 2}, {3}})).hasMessageContaining("same count");
    }

    @Test
    void aMaskMustShowOneTokenAndHideOne() {
        assertThatThrownBy(() -> new TokenMask(GRID, new int[][] {{}})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenMask(GRID, new int[][] {{0, 1, 2, 3, 4, 5, 6, 7}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gridIndicesRunWithTimeSlowest() {
        TokenGrid grid = new TokenGrid(8, 14, 14);
        assertThat(grid.index(1, 0, 0)).isEqualTo(196);
        assertThat(grid.index(0, 1, 0)).isEqualTo(14);
        assertThat(grid.frameOf(grid.index(5, 3, 9))).isEqualTo(5);
        assertThat(grid.spatialOf(grid.index(5, 3, 9))).isEqualTo(3 * 14 + 9);
    }
}
