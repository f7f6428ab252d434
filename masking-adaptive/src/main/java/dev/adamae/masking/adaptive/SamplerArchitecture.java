package dev.adamae.masking.adaptive;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** The network that scores the tokens, as the paper's ablation of the sampler compares them. */
public enum SamplerArchitecture {

    /** One pre-norm transformer block over all tokens of the clip: the paper's sampler. */
    ATTENTION("attention"),

    /**
     * The same block without its attention: a residual two-layer MLP applied to each token alone,
     * at the same width. The paper's "MLP" row, which cannot relate tokens to each other.
     */
    MLP("mlp");

    private final String configName;

    SamplerArchitecture(String configName) {
        this.configName = configName;
    }

    /** Returns the name the setting {@code sampler} uses. */
    public String configName() {
        return configName;
    }

    /** Returns the names of all architectures, for the setting's check. */
    public static Set<String> configNames() {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(values()).forEach(architecture -> names.add(architecture.configName));
        return names;
    }

    /** Returns the architecture named {@code configName}. */
    public static SamplerArchitecture of(String configName) {
        return Arrays.stream(values())
                .filter(architecture -> architecture.configName.equals(configName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown sampler '" + configName + "', known: " + configNames()));
    }
}
