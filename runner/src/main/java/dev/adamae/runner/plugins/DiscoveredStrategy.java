package dev.adamae.runner.plugins;

import dev.adamae.api.MaskingStrategyFactory;

/**
 * A masking-strategy factory that loaded, and where it came from.
 *
 * @param factory the factory
 * @param source {@code classpath} or the path of the plugin jar
 */
public record DiscoveredStrategy(MaskingStrategyFactory factory, String source) {

    public String name() {
        return factory.name();
    }
}
