package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private final LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 1e-5, 10, 110);

    @Test
    void theWarmUpRisesLinearlyFromZeroToThePeak() {
        assertThat(schedule.at(0)).isZero();
        assertThat(schedule.at(5)).isCloseTo(5e-4, within(1e-12));
        assertThat(schedule.at(10)).isCloseTo(1e-3, within(1e-12));
    }

    @Test
    void theCosineFallsFromThePeakToTheMinimumThroughTheirMean() {
        assertThat(schedule.at(60)).isCloseTo((1e-3 + 1e-5) / 2, within(1e-12));
        assertThat(schedule.at(110)).isCloseTo(1e-5, within(1e-12));
        for (int step = 11; step < 110; step++) {
            assertThat(schedule.at(step)).isLessThan(schedule.at(step - 1));
        }
    }

    @Test
    void theScheduleScalesWithTheBatchLikeThePaper() {
        TrainingSettings settings = new TrainingSettings(100, 64, 0, 1.5e-4, 1e-5, 10, 0.9, 0.95, 1e-8, 0.05, 10, 3);
        assertThat(settings.schedule().peak()).isCloseTo(1.5e-4 * 64 / 256, within(1e-15));
        assertThat(settings.schedule().min()).isCloseTo(1e-5 * 64 / 256, within(1e-15));
    }
}
