package dev.adamae.masking.adaptive;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.Settings;

/** Adaptive strategies built from the module's reference.conf, with settings laid over it. */
final class Strategies {

    private Strategies() {
    }

    /** Returns the strategy of the default settings with {@code hocon} laid over its section. */
    static AdaptiveMaskingStrategy adaptive(String hocon) {
        String section = Settings.strategyPath(AdaptiveMaskingStrategyFactory.NAME);
        var config = ConfigFactory.parseString(hocon).atPath(section)
                .withFallback(ConfigFactory.defaultReference()).resolve();
        return (AdaptiveMaskingStrategy) new AdaptiveMaskingStrategyFactory()
                .create(Settings.ofStrategy(config, AdaptiveMaskingStrategyFactory.NAME));
    }

    /** Returns the strategy of the default settings. */
    static AdaptiveMaskingStrategy adaptive() {
        return adaptive("");
    }
}
