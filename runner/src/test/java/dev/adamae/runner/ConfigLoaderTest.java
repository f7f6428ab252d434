package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.engine.ModelSettings;
import dev.adamae.api.TokenGrid;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final Config REFERENCE = ConfigFactory.defaultReference();

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(null);

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static ConfigRequest request(String preset, List<Path> files, List<String> sets, Map<String, Object> flags) {
        return new ConfigRequest(preset, files, sets, flags);
    }

    @Test
    void theDefaultPresetIsTinyAndSetsTheModelDimensions() {
        Config config = loader.load(ConfigRequest.defaults(), REFERENCE);
        assertThat(config.getString(ConfigLoader.PRESET_KEY)).isEqualTo("tiny");
        assertThat(ModelSettings.from(config).grid()).isEqualTo(new TokenGrid(8, 8, 8));
    }

    @Test
    void everyPresetOfTheTableBuildsItsGrid() {
        Map<String, TokenGrid> grids = Map.of("test", new TokenGrid(2, 4, 4), "tiny", new TokenGrid(8, 8, 8),
                "small", new TokenGrid(8, 7, 7), "base", new TokenGrid(8, 14, 14));
        grids.forEach((preset, grid) -> assertThat(
                ModelSettings.from(loader.load(request(preset, List.of(), List.of(), Map.of()), REFERENCE)).grid())
                .as(preset).isEqualTo(grid));
        assertThat(loader.presetNames()).containsAll(grids.keySet());
    }

    @Test
    void layersWinInOrderFlagsThenSetThenLaterFilesThenEarlierFilesThenPreset() throws IOException {
        Path first = file("first.conf", "adamae.model.encoder.depth = 3\nadamae.masking.strategy = frame\n"
                + "adamae.model.decoder.depth = 5\nadamae.masking.ratio = 0.6");
        Path second = file("second.conf", "adamae.model.encoder.depth = 4\nadamae.masking.strategy = tube");
        Config config = loader.load(request("test", List.of(first, second),
                List.of("adamae.masking.strategy = random-patch", "adamae.masking.ratio=0.7"),
                Map.of("adamae.masking.ratio", 0.8)), REFERENCE);
        assertThat(config.getDouble("adamae.masking.ratio")).isEqualTo(0.8);
        assertThat(config.getString("adamae.masking.strategy")).isEqualTo("random-patch");
        assertThat(config.getInt("adamae.model.encoder.depth")).isEqualTo(4);
        assertThat(config.getInt("adamae.model.decoder.depth")).isEqualTo(5);
        assertThat(config.getInt("adamae.model.encoder.width")).isEqualTo(32);
    }

    @Test
    void aRunsSettingsLieAboveItsPresetAndBelowEverythingTheUserGives() throws IOException {
        Config run = ConfigFactory.parseString("adamae.preset = test\nadamae.model.encoder.depth = 3\n"
                + "adamae.model.decoder.depth = 3\nadamae.masking.strategy = frame\nadamae.masking.ratio = 0.5");
        Path experiment = file("experiment.conf", "adamae.model.decoder.depth = 4");
        Config config = loader.load(new ConfigRequest(null, List.of(experiment), List.of("adamae.masking.ratio = 0.6"),
                Map.of("adamae.masking.strategy", "tube"), run), REFERENCE);
        assertThat(ModelSettings.from(config).grid()).isEqualTo(new TokenGrid(2, 4, 4));
        assertThat(config.getInt("adamae.model.encoder.depth")).isEqualTo(3);
        assertThat(config.getInt("adamae.model.decoder.depth")).isEqualTo(4);
        assertThat(config.getDouble("adamae.masking.ratio")).isEqualTo(0.6);
        assertThat(config.getString("adamae.masking.strategy")).isEqualTo("tube");
    }

    @Test
    void anExperimentFileMayChooseThePresetAndTheFlagStillWins() throws IOException {
        Path experiment = file("experiment.conf", "adamae.preset = base");
        assertThat(ModelSettings.from(loader.load(request(null, List.of(experiment), List.of(), Map.of()), REFERENCE))
                .grid()).isEqualTo(new TokenGrid(8, 14, 14));
        assertThat(ModelSettings.from(loader.load(request("test", List.of(experiment), List.of(), Map.of()), REFERENCE))
                .grid()).isEqualTo(new TokenGrid(2, 4, 4));
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKeyTheValueTheFileAndTheNearestKnownKey() throws IOException {
        Path experiment = file("typo.conf", "adamae.masking {\n  ratoi = 0.8\n}\n");
        assertThatThrownBy(() -> loader.load(request(null, List.of(experiment), List.of(), Map.of()), REFERENCE))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting adamae.masking.ratoi = 0.8 (" + experiment + ": 2): no such setting; "
                        + "did you mean adamae.masking.ratio?");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWithTheKeyTheValueAndTheFile() throws IOException {
        Path experiment = file("type.conf", "adamae.masking.strategy = [tube, frame]");
        assertThatThrownBy(() -> loader.load(request(null, List.of(experiment), List.of(), Map.of()), REFERENCE))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.masking.strategy = [\"tube\",\"frame\"]")
                .hasMessageContaining(experiment + ": 1")
                .hasMessageContaining("must be a string");
    }

    @Test
    void aSectionReplacedByAValueIsRefused() {
        assertThatThrownBy(() -> loader.load(request(null, List.of(), List.of("adamae.model.encoder = 5"), Map.of()),
                REFERENCE))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.model.encoder = 5")
                .hasMessageContaining("must be a section");
    }

    @Test
    void settingsOfAStrategyThatIsNotInstalledAreRefusedSayingSo() {
        assertThatThrownBy(() -> loader.load(
                request(null, List.of(), List.of("adamae.masking.strategies.magic.default-ratio = 0.5"), Map.of()),
                REFERENCE))
                .hasMessageContaining("no masking strategy named 'magic' is installed");
    }

    @Test
    void keysOutsideOurNamespaceAreLeftAlone() {
        Config config = loader.load(request(null, List.of(), List.of("someone.else = 1"), Map.of()), REFERENCE);
        assertThat(config.getInt("someone.else")).isEqualTo(1);
    }

    @Test
    void anUnknownPresetIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> loader.load(request("huge", List.of(), List.of(), Map.of()), REFERENCE))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'huge'")
                .hasMessageContaining("base, bench, small, test, tiny");
    }

    @Test
    void aPresetMayBeAFile() throws IOException {
        Path preset = file("mine.conf", Files.readString(Path.of("../conf/presets/test.conf"))
                .replace("depth = 2", "depth = 7"));
        Config config = loader.load(request(preset.toString(), List.of(), List.of(), Map.of()), REFERENCE);
        assertThat(ModelSettings.from(config).encoder().depth()).isEqualTo(7);
    }

    @Test
    void aMissingOrBrokenExperimentFileIsRefusedNamingIt() throws IOException {
        Path missing = dir.resolve("absent.conf");
        assertThatThrownBy(() -> loader.load(request(null, List.of(missing), List.of(), Map.of()), REFERENCE))
                .isInstanceOf(UsageException.class)
                .hasMessage("Config file " + missing + ": no such file");
        Path broken = file("broken.conf", "adamae.masking { strategy = tube");
        assertThatThrownBy(() -> loader.load(request(null, List.of(broken), List.of(), Map.of()), REFERENCE))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Config file " + broken + ": ");
    }

    @Test
    void anAssignmentWithoutEqualsIsRefused() {
        assertThatThrownBy(() -> loader.load(request(null, List.of(), List.of("adamae.preset"), Map.of()), REFERENCE))
                .isInstanceOf(UsageException.class)
                .hasMessage("--set adamae.preset: expected key=value");
    }

    @Test
    void aRelativePluginsFolderIsTakenFromTheInstallationFolder() {
        Path home = dir.resolve("install");
        assertThat(new ConfigLoader(home).pluginsDir(ConfigRequest.defaults(), REFERENCE))
                .isEqualTo(home.resolve("plugins"));
        Path elsewhere = dir.resolve("elsewhere").toAbsolutePath();
        assertThat(new ConfigLoader(home).pluginsDir(
                request(null, List.of(), List.of(), Map.of(ConfigLoader.PLUGINS_DIR_KEY, elsewhere.toString())),
                REFERENCE)).isEqualTo(elsewhere);
    }

    @Test
    void presetsInTheInstallationFolderComeBeforeThePackagedOnes() throws IOException {
        Path home = dir.resolve("install");
        Files.createDirectories(home.resolve("conf/presets"));
        Files.writeString(home.resolve("conf/presets/tiny.conf"), Files.readString(Path.of("../conf/presets/tiny.conf"))
                .replace("depth = 6", "depth = 1"));
        Config config = new ConfigLoader(home).load(ConfigRequest.defaults(), REFERENCE);
        assertThat(ModelSettings.from(config).encoder().depth()).isEqualTo(1);
    }
}
