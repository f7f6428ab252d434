package dev.adamae.masking.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The factory reads every setting into the strategy it builds. */
class AdaptiveMaskingStrategyFactoryTest {

    @Test
    void theDefaultsAreThoseOfThePaperAndTheReferenceCode() {
        AdaptiveMaskingStrategy strategy = Strategies.adaptive();

        assertThat(strategy.defaultRatio()).isEqualTo(0.95);
        assertThat(strategy.sampler().lossWeight()).isEqualTo(1e-4);
        assertThat(strategy.sampler().settings()).isEqualTo(
                new AdaptiveSamplerSettings(1e-4, SamplerArchitecture.ATTENTION, 0.1, 4.0, 1e-5));
        assertThat(strategy.learnedSampler()).containsSame(strategy.sampler());
    }

    @Test
    void everySettingReachesTheSampler() {
        AdaptiveMaskingStrategy strategy = Strategies.adaptive(
                "default-ratio = 0.9, loss-weight = 0.5, sampler = mlp, dropout = 0, mlp-ratio = 2,"
                        + " layer-norm-epsilon = 1e-6");

        assertThat(strategy.defaultRatio()).isEqualTo(0.9);
        assertThat(strategy.sampler().lossWeight()).isEqualTo(0.5);
        assertThat(strategy.sampler().settings()).isEqualTo(
                new AdaptiveSamplerSettings(0.5, SamplerArchitecture.MLP, 0, 2.0, 1e-6));
    }
}
