package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The ImageNet normalisation of clips, per colour channel along axis 1. */
class ClipNormalizationTest {

    @Test
    void eachChannelIsShiftedByItsMeanAndScaledByItsStandardDeviation() {
        INDArray pixels = Nd4j.valueArrayOf(new long[] {1, 3, 2, 2, 2}, 0.5f);

        INDArray normalized = ClipNormalization.normalize(pixels);

        assertThat(normalized.getDouble(0, 0, 1, 1, 1)).isCloseTo((0.5 - 0.485) / 0.229, within(1e-6));
        assertThat(normalized.getDouble(0, 1, 0, 1, 0)).isCloseTo((0.5 - 0.456) / 0.224, within(1e-6));
        assertThat(normalized.getDouble(0, 2, 1, 0, 1)).isCloseTo((0.5 - 0.406) / 0.225, within(1e-6));
        assertThat(pixels.getDouble(0, 0, 0, 0, 0)).as("the input is left alone").isEqualTo(0.5);
    }

    @Test
    void denormalizingANormalizedClipGivesBackItsPixels() {
        Nd4j.getRandom().setSeed(2);
        INDArray pixels = Nd4j.rand(DataType.FLOAT, 2, 3, 2, 4, 4);

        INDArray roundTrip = ClipNormalization.denormalize(ClipNormalization.normalize(pixels));

        assertThat(roundTrip.equalsWithEps(pixels, 1e-6)).isTrue();
    }

    @Test
    void anArrayThatIsNotABatchOfColourClipsIsRefused() {
        assertThatThrownBy(() -> ClipNormalization.normalize(Nd4j.zeros(DataType.FLOAT, 1, 4, 2, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 4, 2, 2, 2]");
    }
}
