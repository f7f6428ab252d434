package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.api.TokenGrid;
import org.junit.jupiter.api.Test;

/** The host's statement of where tokens lie, on a clip whose six sizes all differ. */
class TubeletLayoutTest {

    private static final TubeletLayout LAYOUT = new TubeletLayout(6, 12, 20, 3, 2, 4);

    @Test
    void theGridCountsTubeletsAlongFramesRowsAndColumns() {
        assertThat(LAYOUT.grid()).isEqualTo(new TokenGrid(2, 6, 5));
    }

    @Test
    void everyPixelBelongsToTheTokenOfItsTubeletWithTimeSlowest() {
        TokenGrid grid = LAYOUT.grid();
        for (int t = 0; t < 6; t++) {
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 20; x++) {
                    assertThat(LAYOUT.tokenAt(t, y, x)).isEqualTo(grid.index(t / 3, y / 2, x / 4));
                }
            }
        }
        assertThat(LAYOUT.tokenAt(5, 11, 19)).isEqualTo(59);
        assertThat(LAYOUT.tokenAt(3, 0, 0)).isEqualTo(30);
        assertThat(LAYOUT.tokenAt(0, 2, 0)).isEqualTo(5);
        assertThat(LAYOUT.tokenAt(0, 0, 4)).isEqualTo(1);
    }

    @Test
    void aTokensBlockStartsWhereItsGridPositionSays() {
        int token = new TokenGrid(2, 6, 5).index(1, 4, 2);

        assertThat(LAYOUT.firstFrame(token)).isEqualTo(3);
        assertThat(LAYOUT.firstRow(token)).isEqualTo(8);
        assertThat(LAYOUT.firstColumn(token)).isEqualTo(8);
    }

    @Test
    void withinATokenPixelsFollowInFrameRowColumnOrderWithTheChannelFastest() {
        assertThat(LAYOUT.valueIndex(0, 3, 8, 8)).isZero();
        assertThat(LAYOUT.valueIndex(2, 3, 8, 8)).isEqualTo(2);
        assertThat(LAYOUT.valueIndex(0, 3, 8, 9)).isEqualTo(3);
        assertThat(LAYOUT.valueIndex(0, 3, 9, 8)).isEqualTo(4 * 3);
        assertThat(LAYOUT.valueIndex(0, 4, 8, 8)).isEqualTo(2 * 4 * 3);
        assertThat(LAYOUT.valueIndex(1, 5, 9, 11)).isEqualTo(LAYOUT.tokenValues() - 2);
    }

    @Test
    void tubeletsThatDoNotTileTheClipAreRefused() {
        assertThatThrownBy(() -> new TubeletLayout(6, 12, 20, 4, 2, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not tile");
    }
}
