package dev.adamae.runner.config;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.adamae.engine.ModelSettings;

/** Binds the checked configuration of the run and the settings read from it. */
public final class ConfigModule extends AbstractModule {

    private final Config config;

    public ConfigModule(Config config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(Config.class).toInstance(config);
    }

    @Provides
    @Singleton
    ModelSettings modelSettings(Config config) {
        return ModelSettings.from(config);
    }
}
