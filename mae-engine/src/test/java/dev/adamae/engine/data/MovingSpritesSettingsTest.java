package dev.adamae.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import dev.adamae.api.InvalidSettingException;
import org.junit.jupiter.api.Test;

class MovingSpritesSettingsTest {

    @Test
    void theDefaultsAreReadFromTheirSection() {
        MovingSpritesSettings settings = MovingSpritesSettings.from(MovingSpritesDefaults.config(""));
        assertThat(settings).isEqualTo(new MovingSpritesSettings(2048, 0, new MovingSpritesSettings.SpriteCount(1, 2),
                new MovingSpritesSettings.Fraction(0.14, 0.22), new MovingSpritesSettings.Fraction(0.2, 0.3), 2.0,
                SpriteAppearance.SHAPES, 0.03, Path.of("/usr/share/datasets/fashion-mnist"), SceneStyle.PLAIN));
    }

    @Test
    void aNegativeBackgroundNoiseIsRefusedNamingTheFullKey() {
        assertThatThrownBy(() -> MovingSpritesDefaults.settings("adamae.data.moving-sprites.background-noise = -0.1"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.background-noise = -0.1")
                .hasMessageContaining("must be between 0.0 and 0.25");
    }

    @Test
    void anOverrideReplacesADefault() {
        MovingSpritesSettings settings = MovingSpritesDefaults.settings(
                "adamae.data.moving-sprites { clips = 16, seed = -7, sprites.max = 3 }");
        assertThat(settings.clips()).isEqualTo(16);
        assertThat(settings.seed()).isEqualTo(-7);
        assertThat(settings.sprites()).isEqualTo(new MovingSpritesSettings.SpriteCount(1, 3));
    }

    @Test
    void zeroClipsAreRefusedNamingTheFullKey() {
        assertThatThrownBy(() -> MovingSpritesDefaults.settings("adamae.data.moving-sprites.clips = 0"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.clips = 0")
                .hasMessageContaining("must be between 1 and");
    }

    @Test
    void fewerMostSpritesThanFewestAreRefused() {
        assertThatThrownBy(() -> MovingSpritesDefaults.settings("adamae.data.moving-sprites.sprites { min = 2, max = 1 }"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.sprites.max = 1")
                .hasMessageContaining("must not be less than min = 2");
    }

    @Test
    void aReversedSpriteSizeRangeIsRefused() {
        assertThatThrownBy(() -> MovingSpritesDefaults.settings("adamae.data.moving-sprites.sprite-size.max = 0.1"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.sprite-size.max = 0.1")
                .hasMessageContaining("must not be less than min = 0.14");
    }

    @Test
    void aTravelThatCouldTakeASpriteOutOfTheFrameIsRefused() {
        assertThatThrownBy(() -> MovingSpritesDefaults.settings("adamae.data.moving-sprites.travel.max = 0.45"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.travel.max = 0.45")
                .hasMessageContaining("leave the frame");
    }

    @Test
    void aGrowthThatCouldOutgrowTheFrameIsRefused() {
        assertThatThrownBy(() -> MovingSpritesDefaults.settings(
                        "adamae.data.moving-sprites { growth = 3, sprite-size.max = 0.4 }"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.growth = 3")
                .hasMessageContaining("outgrow the frame");
    }

    @Test
    void aGrowthTooSmallToSeeIsRefused() {
        assertThatThrownBy(() -> MovingSpritesDefaults.settings("adamae.data.moving-sprites.growth = 1.1"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.growth = 1.1")
                .hasMessageContaining("must be between 1.25 and 4");
    }

    @Test
    void aMissingSectionIsRefusedNamingTheFirstMissingKey() {
        assertThatThrownBy(() -> MovingSpritesSettings.from(ConfigFactory.empty()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.clips")
                .hasMessageContaining("is not set");
    }

    @Test
    void aWordWhereANumberBelongsIsRefused() {
        assertThatThrownBy(() -> MovingSpritesDefaults.settings("adamae.data.moving-sprites.sprites.min = some"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.sprites.min")
                .hasMessageContaining("must be a whole number");
    }
}
