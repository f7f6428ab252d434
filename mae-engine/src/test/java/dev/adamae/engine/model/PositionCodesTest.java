package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The fixed sinusoid position codes, against values worked out from the formula by hand. */
class PositionCodesTest {

    private final INDArray codes = PositionCodes.sinusoid(50, 8);

    @Test
    void theTableHasOneRowOfWidthValuesPerToken() {
        assertThat(codes.shape()).containsExactly(50, 8);
    }

    @Test
    void tokenZeroIsSineZeroAtEvenAndCosineZeroAtOddIndices() {
        for (int j = 0; j < 8; j++) {
            assertThat(codes.getDouble(0, j)).as("j = %d", j).isEqualTo(j % 2 == 0 ? 0.0 : 1.0);
        }
    }

    @Test
    void evenAndOddIndicesOfOnePairShareTheirFrequency() {
        // angle(5, 2) = angle(5, 3) = 5 / 10000^(2 / 8) = 0.5
        assertThat(codes.getDouble(5, 2)).isCloseTo(Math.sin(0.5), within(1e-6));
        assertThat(codes.getDouble(5, 3)).isCloseTo(Math.cos(0.5), within(1e-6));
    }

    @Test
    void theFrequencyFallsWithTheIndexAsTenThousandToTheMinusTwoFloorHalfJOverWidth() {
        // angle(49, 0) = 49; angle(49, 7) = 49 / 10000^(6 / 8) = 0.049
        assertThat(codes.getDouble(49, 0)).isCloseTo(Math.sin(49), within(1e-6));
        assertThat(codes.getDouble(49, 1)).isCloseTo(Math.cos(49), within(1e-6));
        assertThat(codes.getDouble(49, 6)).isCloseTo(Math.sin(0.049), within(1e-6));
        assertThat(codes.getDouble(49, 7)).isCloseTo(Math.cos(0.049), within(1e-6));
    }

    @Test
    void anEmptyTableIsRefused() {
        assertThatThrownBy(() -> PositionCodes.sinusoid(0, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
