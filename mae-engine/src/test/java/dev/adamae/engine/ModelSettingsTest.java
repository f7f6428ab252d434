package dev.adamae.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.TokenGrid;
import java.io.File;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

    private static Config preset(String name, String overrides) {
        return ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.parseFile(new File("../conf/presets/" + name + ".conf")))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    @Test
    void thePapersPresetCutsAClipInto1568TokensOf1536Values() {
        ModelSettings base = ModelSettings.from(preset("base", ""));
        assertThat(base.grid()).isEqualTo(new TokenGrid(8, 14, 14));
        assertThat(base.grid().tokenCount()).isEqualTo(1568);
        assertThat(base.tokenValues()).isEqualTo(1536);
        assertThat(base.encoder().mlpWidth()).isEqualTo(3072);
        assertThat(base.decoder().width()).isEqualTo(384);
    }

    @Test
    void withoutAPresetTheDimensionsAreMissing() {
        assertThatThrownBy(() -> ModelSettings.from(ConfigFactory.defaultReference()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.model.clip.frames");
    }

    @Test
    void headsThatDoNotDivideTheWidthAreRefused() {
        assertThatThrownBy(() -> ModelSettings.from(preset("tiny", "adamae.model.encoder.heads = 5")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.model.encoder.heads = 5")
                .hasMessageContaining("must divide the width 192");
        assertThatThrownBy(() -> ModelSettings.from(preset("tiny", "adamae.model.sampler-heads = 7")))
                .hasMessageContaining("adamae.model.sampler-heads");
    }

    @Test
    void aTubeletThatDoesNotDivideTheClipIsRefused() {
        assertThatThrownBy(() -> ModelSettings.from(preset("tiny", "adamae.model.tubelet.height = 7")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.model.tubelet.height = 7")
                .hasMessageContaining("must divide the clip height 64");
    }
}
