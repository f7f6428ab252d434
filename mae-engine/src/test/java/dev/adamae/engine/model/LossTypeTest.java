package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** Reading the reconstruction loss type from the configuration. */
class LossTypeTest {

    @Test
    void theDefaultIsMeanSquaredErrorOnNormalisedTubelets() {
        assertThat(LossType.from(ConfigFactory.defaultReference())).isEqualTo(LossType.MSE_NORMALIZED);
    }

    @Test
    void eachTypeIsSelectedByItsConfigName() {
        for (LossType type : LossType.values()) {
            var config = ConfigFactory.parseString("adamae.loss.type = " + type.configName())
                    .withFallback(ConfigFactory.defaultReference());
            assertThat(LossType.from(config)).isEqualTo(type);
        }
    }

    @Test
    void anUnknownTypeIsRefusedWithTheKnownOnes() {
        var config = ConfigFactory.parseString("adamae.loss.type = mse")
                .withFallback(ConfigFactory.defaultReference());

        assertThatThrownBy(() -> LossType.from(config)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.loss.type")
                .hasMessageContaining("[l1-normalized, mse-normalized, mse-raw]");
    }
}
