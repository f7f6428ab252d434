package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.api.MaskRequest;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;
import dev.adamae.api.TokenGrid;
import dev.adamae.runner.plugins.DiscoveredStrategies;
import dev.adamae.runner.plugins.DiscoveredStrategy;
import dev.adamae.runner.plugins.PluginDiscovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {

    @TempDir
    Path plugins;

    private Path plugin(String jarName, String className, String name) {
        return PluginJars.build(plugins.resolve(jarName),
                Map.of(className, PluginJars.factorySource(className, name, "SpiVersion.CURRENT")),
                PluginJars.pluginResources(className, name));
    }

    @Test
    void theBuiltInStrategiesAreFoundOnTheClassPath() {
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.names()).contains("random-patch", "tube", "frame", "running-cell", "motion-guided");
        assertThat(discovered.byName().get("tube").source()).isEqualTo(PluginDiscovery.CLASSPATH);
        assertThat(discovered.problems()).isEmpty();
    }

    @Test
    void aPluginJarIsLoadedInItsOwnClassLoaderAndItsDefaultsJoinTheReference() {
        Path jar = plugin("first-tokens.jar", "com.acme.FirstTokensFactory", "first-tokens");
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        DiscoveredStrategy strategy = discovered.require("first-tokens");
        assertThat(strategy.source()).isEqualTo(jar.toString());
        assertThat(strategy.factory().getClass().getClassLoader())
                .isNotSameAs(PluginDiscovery.class.getClassLoader());
        assertThat(discovered.reference().getDouble(Settings.strategyPath("first-tokens") + ".default-ratio"))
                .isEqualTo(0.5);
        var mask = strategy.factory().create(Settings.ofStrategy(discovered.reference(), "first-tokens"))
                .sample(new MaskRequest(new TokenGrid(1, 2, 4), 0.5, 1, new SplittableRandom(1)));
        assertThat(mask.visible(0)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void twoJarsMayHoldClassesOfTheSameNameWithoutSeeingEachOther() {
        plugin("a.jar", "com.acme.SameFactory", "alpha");
        plugin("b.jar", "com.acme.SameFactory", "beta");
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.names()).contains("alpha", "beta");
        assertThat(discovered.problems()).isEmpty();
    }

    @Test
    void aFileThatIsNotAJarIsReportedAndDoesNotHideTheGoodPlugins() throws IOException {
        Files.writeString(plugins.resolve("broken.jar"), "this is not a zip file");
        plugin("good.jar", "com.acme.GoodFactory", "good");
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.problems()).singleElement().asString()
                .contains(plugins.resolve("broken.jar").toString()).contains("not a readable jar");
        assertThat(discovered.names()).contains("good", "tube");
    }

    @Test
    void aJarWithoutAServiceFileIsReported() {
        PluginJars.build(plugins.resolve("empty.jar"),
                Map.of("com.acme.Nothing", "package com.acme; public class Nothing {}"), Map.of());
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.problems()).singleElement().asString()
                .contains("empty.jar").contains("contains no masking strategy");
    }

    @Test
    void aServiceFileNamingAMissingClassIsReported() {
        PluginJars.build(plugins.resolve("typo.jar"),
                Map.of("com.acme.Nothing", "package com.acme; public class Nothing {}"),
                PluginJars.pluginResources("com.acme.Misspelt", "typo"));
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.problems()).singleElement().asString()
                .contains("typo.jar").contains("com.acme.Misspelt");
    }

    @Test
    void aFactoryWhoseConstructorFailsIsReportedWithTheReason() {
        String source = PluginJars.factorySource("com.acme.FailingFactory", "failing", "SpiVersion.CURRENT")
                .replace("public final class FailingFactory implements MaskingStrategyFactory {",
                        "public final class FailingFactory implements MaskingStrategyFactory {\n"
                                + "    public FailingFactory() { throw new IllegalStateException(\"licence file missing\"); }");
        PluginJars.build(plugins.resolve("failing.jar"), Map.of("com.acme.FailingFactory", source),
                PluginJars.pluginResources("com.acme.FailingFactory", "failing"));
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.problems()).singleElement().asString()
                .contains("failing.jar").contains("licence file missing");
    }

    @Test
    void aPluginBuiltForAnotherMajorSpiVersionIsRefusedNamingItsVersionAndOurs() {
        String future = (SpiVersion.major() + 1) + ".0";
        PluginJars.build(plugins.resolve("future.jar"),
                Map.of("com.acme.FutureFactory", PluginJars.factorySource("com.acme.FutureFactory", "future",
                        "\"" + future + "\"")),
                PluginJars.pluginResources("com.acme.FutureFactory", "future"));
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.names()).doesNotContain("future");
        assertThat(discovered.problems()).singleElement().asString()
                .contains("future.jar").contains("'future'").contains(future).contains(SpiVersion.CURRENT);
    }

    @Test
    void twoPluginsClaimingOneNameAreBothSetAsideAndNamed() {
        Path first = plugin("one.jar", "com.acme.OneFactory", "twin");
        Path second = plugin("two.jar", "com.acme.TwoFactory", "twin");
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.names()).doesNotContain("twin");
        assertThat(discovered.problems()).singleElement().asString()
                .contains("'twin'").contains(first.toString()).contains(second.toString());
        assertThatThrownBy(() -> discovered.require("twin"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("more than one plugin");
    }

    @Test
    void aPluginThatReusesABuiltInNameIsRefusedAndTheBuiltInStays() {
        plugin("impostor.jar", "com.acme.TubeFactory", "tube");
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThat(discovered.problems()).singleElement().asString()
                .contains("'tube'").contains("built-in").contains("classpath").contains("impostor.jar");
        assertThat(discovered.names()).contains("tube");
        assertThat(discovered.require("tube").source()).isEqualTo(PluginDiscovery.CLASSPATH);
    }

    @Test
    void anUnknownNameIsRefusedListingTheKnownOnes() {
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins);
        assertThatThrownBy(() -> discovered.require("tubes"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'tubes'")
                .hasMessageContaining("[adaptive, frame, motion-guided, random-patch, running-cell, tube]");
    }

    @Test
    void aMissingPluginsFolderHoldsNoPlugins() {
        DiscoveredStrategies discovered = new PluginDiscovery().discover(plugins.resolve("absent"));
        assertThat(discovered.problems()).isEmpty();
        assertThat(discovered.names()).containsExactly("adaptive", "frame", "motion-guided", "random-patch", "running-cell", "tube");
    }
}
