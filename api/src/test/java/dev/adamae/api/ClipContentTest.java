package dev.adamae.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClipContentTest {

    private static final TokenGrid GRID = new TokenGrid(2, 2, 3);

    /** Fills every value with a code of where it lies, computed from the documented layout. */
    private static float[] coded(int batch, int tf, int th, int tw) {
        int tokens = GRID.tokenCount();
        int tubeletValues = tf * th * tw * ClipContent.CHANNELS;
        float[] values = new float[batch * tokens * tubeletValues];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < tokens; n++) {
                for (int dt = 0; dt < tf; dt++) {
                    for (int dy = 0; dy < th; dy++) {
                        for (int dx = 0; dx < tw; dx++) {
                            for (int c = 0; c < ClipContent.CHANNELS; c++) {
                                int frame = GRID.frameOf(n) * tf + dt;
                                int row = GRID.spatialOf(n) / GRID.width() * th + dy;
                                int column = GRID.spatialOf(n) % GRID.width() * tw + dx;
                                values[(b * tokens + n) * tubeletValues + ((dt * th + dy) * tw + dx) * 3 + c] =
                                        code(b, frame, row, column, c);
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    private static float code(int b, int frame, int row, int column, int c) {
        return b * 10000 + frame * 1000 + row * 100 + column * 10 + c;
    }

    @Test
    void pixelFindsTheValueTheLayoutPutsAtThatPlace() {
        ClipContent content = new ClipContent(GRID, 2, 2, 3, 2, coded(2, 2, 3, 2));
        assertThat(content.clipFrames()).isEqualTo(4);
        assertThat(content.clipHeight()).isEqualTo(6);
        assertThat(content.clipWidth()).isEqualTo(6);
        for (int b = 0; b < 2; b++) {
            for (int frame = 0; frame < 4; frame++) {
                for (int row = 0; row < 6; row++) {
                    for (int column = 0; column < 6; column++) {
                        for (int c = 0; c < 3; c++) {
                            assertThat(content.pixel(b, frame, row, column, c)).isEqualTo(code(b, frame, row, column, c));
                        }
                    }
                }
            }
        }
        assertThatThrownBy(() -> content.pixel(0, 4, 0, 0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void tubeletIsACopyOfOneTokensRowAndTheConstructorCopiesItsInput() {
        float[] values = coded(1, 1, 2, 2);
        ClipContent content = new ClipContent(GRID, 1, 1, 2, 2, values);
        float[] row = content.tubelet(0, GRID.index(1, 1, 2));
        assertThat(row).hasSize(content.tubeletValues());
        assertThat(row[0]).isEqualTo(code(0, 1, 2, 4, 0));
        row[0] = -1;
        values[0] = -1;
        assertThat(content.tubelet(0, GRID.index(1, 1, 2))[0]).isEqualTo(code(0, 1, 2, 4, 0));
        assertThat(content.values().get(0)).isEqualTo(code(0, 0, 0, 0, 0));
        assertThat(content.values().isReadOnly()).isTrue();
    }

    @Test
    void aWrongNumberOfValuesIsRefused() {
        assertThatThrownBy(() -> new ClipContent(GRID, 1, 1, 2, 2, new float[5]))
                .hasMessageContaining("holds " + GRID.tokenCount() * 12 + " values, got 5");
    }

    @Test
    void unnormalisedUndoesTheImageNetNormalisation() {
        float value = (0.75f - ClipContent.MEAN[1]) / ClipContent.STD[1];
        assertThat(ClipContent.unnormalised(value, 1)).isCloseTo(0.75f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void aRequestRefusesContentOfAnotherBatchOrGridAndCarriesProgress() {
        ClipContent content = new ClipContent(GRID, 2, 1, 1, 1, new float[2 * GRID.tokenCount() * 3]);
        MaskRequest request = new MaskRequest(GRID, 0.5, 2, new SplittableRandom(1));
        assertThat(request.optionalContent()).isEmpty();
        assertThat(request.optionalProgress()).isEmpty();
        MaskRequest full = request.withContent(content).withProgress(new TrainingProgress(3, 10));
        assertThat(full.optionalContent()).containsSame(content);
        assertThat(full.progress().fraction()).isEqualTo(0.3);
        assertThatThrownBy(() -> new MaskRequest(GRID, 0.5, 3, new SplittableRandom(1)).withContent(content))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> new TrainingProgress(10, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
