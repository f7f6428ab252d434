package dev.adamae.runner.masking;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.typesafe.config.Config;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.runner.plugins.DiscoveredStrategies;
import dev.adamae.runner.plugins.DiscoveredStrategy;
import java.util.Map;

/**
 * Binds the discovered masking strategies by name, and the one the configuration selects.
 */
public final class MaskingModule extends AbstractModule {

    private final DiscoveredStrategies discovered;

    public MaskingModule(DiscoveredStrategies discovered) {
        this.discovered = discovered;
    }

    @Override
    protected void configure() {
        bind(DiscoveredStrategies.class).toInstance(discovered);
        MapBinder<String, MaskingStrategyFactory> factories =
                MapBinder.newMapBinder(binder(), String.class, MaskingStrategyFactory.class);
        for (DiscoveredStrategy strategy : discovered.strategies()) {
            factories.addBinding(strategy.name()).toInstance(strategy.factory());
        }
    }

    @Provides
    @Singleton
    MaskingSelection selection(Config config, Map<String, MaskingStrategyFactory> factories, ModelSettings model) {
        String name = Settings.section(config, MaskingSelection.PATH).getString("strategy");
        MaskingStrategyFactory factory = factories.get(name);
        if (factory == null) {
            discovered.require(name);
        }
        String source = discovered.byName().get(name).source();
        return MaskingSelection.of(name, factory.create(Settings.ofStrategy(config, name)), source, config,
                model.grid());
    }
}
