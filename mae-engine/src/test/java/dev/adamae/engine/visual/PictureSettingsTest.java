package dev.adamae.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.engine.model.TubeletLayout;
import org.junit.jupiter.api.Test;

/** The settings of the pictures, read from the defaults and checked. */
class PictureSettingsTest {

    private static final PictureSettings DEFAULTS = PictureSettings.from(ConfigFactory.defaultReference());

    @Test
    void panelsAreScaledUpToAtMost256PixelsAndFramesShownForAQuarterSecond() {
        assertThat(DEFAULTS).isEqualTo(new PictureSettings(256, 250));
    }

    @Test
    void theScaleIsTheLargestWholeNumberThatKeepsTheLongerSideWithinThePanelSizeAndAtLeastOne() {
        assertThat(DEFAULTS.scaleFor(new TubeletLayout(4, 32, 32, 2, 8, 8))).isEqualTo(8);
        assertThat(DEFAULTS.scaleFor(new TubeletLayout(16, 64, 64, 2, 8, 8))).isEqualTo(4);
        assertThat(DEFAULTS.scaleFor(new TubeletLayout(16, 112, 112, 2, 16, 16))).isEqualTo(2);
        assertThat(DEFAULTS.scaleFor(new TubeletLayout(16, 224, 224, 2, 16, 16))).isEqualTo(1);
        assertThat(DEFAULTS.scaleFor(new TubeletLayout(2, 40, 100, 2, 8, 10))).isEqualTo(2);
        assertThat(DEFAULTS.scaleFor(new TubeletLayout(2, 400, 400, 2, 8, 8))).isEqualTo(1);
    }

    @Test
    void aPanelSizeOutOfRangeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> PictureSettings.from(ConfigFactory.parseString("adamae.visualize.panel-size = 8")
                .withFallback(ConfigFactory.defaultReference())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.visualize.panel-size");
    }
}
