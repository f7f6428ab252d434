package dev.adamae.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings section(String hocon) {
        return Settings.section(ConfigFactory.parseString(hocon,
                ConfigParseOptions.defaults().setOriginDescription("experiment.conf")), "adamae.masking.strategies.tube");
    }

    @Test
    void aValueOutOfRangeIsRefusedWithItsKeyValueAndFile() {
        assertThatThrownBy(() -> section("adamae.masking.strategies.tube.default-ratio = 1.5").getRatio("default-ratio"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting adamae.masking.strategies.tube.default-ratio = 1.5 (experiment.conf: 1): "
                        + "a mask ratio must be strictly between 0 and 1");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWithItsKeyValueAndFile() {
        assertThatThrownBy(() -> section("adamae.masking.strategies.tube.heads = many").getInt("heads", 1, 8))
                .hasMessageContaining("adamae.masking.strategies.tube.heads = \"many\"")
                .hasMessageContaining("experiment.conf: 1")
                .hasMessageContaining("a whole number");
    }

    @Test
    void aWholeNumberWithAFractionIsRefusedRatherThanCutShort() {
        assertThatThrownBy(() -> section("adamae.masking.strategies.tube.keep = 2.5").getInt("keep", 1, 10))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.masking.strategies.tube.keep = 2.5")
                .hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> section("adamae.masking.strategies.tube.keep = 2.5").getLong("keep", 1, 10))
                .hasMessageContaining("must be a whole number");
        assertThat(section("adamae.masking.strategies.tube.keep = 2.0").getInt("keep", 1, 10)).isEqualTo(2);
        assertThat(section("adamae.masking.strategies.tube.keep = \"3\"").getLong("keep", 1, 10)).isEqualTo(3);
    }

    @Test
    void aMissingValueIsRefusedWithItsKey() {
        assertThatThrownBy(() -> section("").getDouble("loss-weight", 0, 1))
                .hasMessage("Invalid setting adamae.masking.strategies.tube.loss-weight: is not set");
    }

    @Test
    void aChoiceOutsideTheAllowedOnesIsRefusedListingThem() {
        assertThatThrownBy(() -> section("adamae.masking.strategies.tube.kind = odd").getChoice("kind", Set.of("a", "b")))
                .hasMessageContaining("must be one of [a, b]");
    }

    @Test
    void validValuesAreRead() {
        Settings settings = section("adamae.masking.strategies.tube { default-ratio = 0.9, heads = 3, on = true }");
        assertThat(settings.getRatio("default-ratio")).isEqualTo(0.9);
        assertThat(settings.getInt("heads", 1, 8)).isEqualTo(3);
        assertThat(settings.getBoolean("on")).isTrue();
    }

    @Test
    void ratiosRoundAsWrittenDespiteFloatingPoint() {
        assertThat(MaskRatio.hiddenOf(100, 0.29)).isEqualTo(29);
        assertThat(MaskRatio.hiddenOf(1568, 0.9)).isEqualTo(1411);
        assertThat(MaskRatio.keptOf(1568, 0.95)).isEqualTo(78);
        assertThat(MaskRatio.hiddenOf(8, 0.875)).isEqualTo(7);
    }
}
