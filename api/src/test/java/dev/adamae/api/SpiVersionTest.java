package dev.adamae.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void aPluginBuiltForThisVersionOrAnOlderMinorLoads() {
        assertThat(SpiVersion.incompatibility(SpiVersion.CURRENT)).isEmpty();
        assertThat(SpiVersion.incompatibility(SpiVersion.major() + ".0")).isEmpty();
    }

    @Test
    void aPluginBuiltForAnotherMajorVersionIsRefusedNamingBothVersions() {
        String other = (SpiVersion.major() + 1) + ".0";
        assertThat(SpiVersion.incompatibility(other)).hasValueSatisfying(reason -> assertThat(reason)
                .contains(other).contains(SpiVersion.CURRENT));
    }

    @Test
    void aPluginBuiltForANewerMinorVersionIsRefused() {
        String newer = SpiVersion.major() + ".999";
        assertThat(SpiVersion.incompatibility(newer)).hasValueSatisfying(reason -> assertThat(reason)
                .contains(newer).contains("newer"));
    }

    @Test
    void aMalformedVersionIsRefused() {
        assertThat(SpiVersion.incompatibility("one")).isPresent();
        assertThat(SpiVersion.incompatibility(null)).isPresent();
    }
}
