package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.engine.ModelSettings;
import org.junit.jupiter.api.Test;

class ModelFlopsTest {

    @Test
    void tinyAtTubeNinetyPercentAndBatchEightCostsAbout20GigaflopsPerTrainingStep() {
        ModelSettings tiny = Presets.model("tiny");
        // Tube 0.9 on 8x8x8: 7 of 64 positions visible in each of 8 slices.
        int visible = 56;
        double tokenizer = 8.0 * 512 * 384 * 192;
        double encoderBlock = 8.0 * 56 * 192 * (4 * 192 + 2 * 768) + 2.0 * 8 * 56 * 56 * 192;
        double bridge = 8.0 * 56 * 192 * 96;
        double decoderBlock = 8.0 * 512 * 96 * (4 * 96 + 2 * 384) + 2.0 * 8 * 512 * 512 * 96;
        double head = 8.0 * 456 * 96 * 384;
        double forward = 2 * (tokenizer + 6 * encoderBlock + bridge + 2 * decoderBlock + head);
        assertThat(ModelFlops.forward(tiny, 8, visible)).isCloseTo(forward, within(1.0));
        assertThat(ModelFlops.trainingStep(tiny, 8, visible) / 1e9).isCloseTo(20.4, within(0.2));
    }

    @Test
    void fewerVisibleTokensCostLessAndTheCostGrowsWithTheBatch() {
        ModelSettings tiny = Presets.model("tiny");
        assertThat(ModelFlops.forward(tiny, 8, 25)).isLessThan(ModelFlops.forward(tiny, 8, 56));
        assertThat(ModelFlops.forward(tiny, 16, 56)).isCloseTo(2 * ModelFlops.forward(tiny, 8, 56), within(1.0));
    }
}
