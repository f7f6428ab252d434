package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.engine.ModelSettings;
import org.junit.jupiter.api.Test;

/** The lower bound on a training step's memory that refuses, at start-up, a batch that cannot fit. */
class ModelMemoryTest {

    @Test
    void atTinyBatch8TheBoundLiesBelowTheMeasuredNativePeak() {
        ModelSettings tiny = Presets.model("tiny");
        long bound = ModelMemory.trainingStepBytes(tiny, 8, 51);
        // README's bench table: random-patch 0.9 at tiny, batch 8, peaked at 1608 MB of native memory.
        assertThat(bound).isBetween(100_000_000L, 1_608_000_000L);
    }

    @Test
    void theBoundGrowsInProportionToTheBatchAndWithTheVisibleTokens() {
        ModelSettings test = Presets.model("test");
        long one = ModelMemory.trainingStepBytes(test, 1, 8);
        assertThat(ModelMemory.trainingStepBytes(test, 64, 8)).isEqualTo(64 * one);
        assertThat(ModelMemory.trainingStepBytes(test, 1, 16)).isGreaterThan(one);
        assertThat(ModelMemory.clipBytes(test, 2)).isEqualTo(2L * 4 * 32 * 32 * 3 * Float.BYTES);
    }
}
