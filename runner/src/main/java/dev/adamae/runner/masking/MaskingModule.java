package dev.adamae.runner.masking;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.typesafe.config.Config;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.train.DecoderMasking;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.plugins.DiscoveredStrategies;
import dev.adamae.runner.plugins.DiscoveredStrategy;
import dev.adamae.runner.plugins.PluginDiscovery;
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
        return MaskingSelection.of(name, create(name, factory, source, config), source, config, model.grid(),
                decoder(config, factories, model));
    }

    /**
     * Builds the decoder mask {@code adamae.masking.decoder} selects, through the same discovery and
     * factories as the encoder's strategy, or returns {@code null} when none is set.
     */
    private DecoderMasking decoder(Config config, Map<String, MaskingStrategyFactory> factories, ModelSettings model) {
        Settings section = Settings.section(config, MaskingSelection.DECODER_PATH);
        if (!section.isSet("strategy")) {
            if (section.isSet("ratio")) {
                throw section.invalid("ratio", "a decoder ratio needs a decoder strategy ("
                        + MaskingSelection.DECODER_PATH + ".strategy, --decoder-strategy)");
            }
            return null;
        }
        String name = section.getString("strategy");
        MaskingStrategyFactory factory = factories.get(name);
        if (factory == null) {
            try {
                discovered.require(name);
            } catch (UsageException e) {
                throw new UsageException("Decoder mask: " + e.getMessage(), e);
            }
        }
        String source = discovered.byName().get(name).source();
        MaskingStrategy strategy = create(name, factory, source, config);
        if (strategy.learnedSampler().isPresent()) {
            throw new UsageException("Masking strategy '" + name + "' cannot be the decoder mask ("
                    + MaskingSelection.DECODER_PATH + ".strategy): it draws its masks from a learned sampler, "
                    + "which would need a graph of its own");
        }
        return new DecoderMasking(name, strategy, MaskingSelection.ratio(section, name, strategy, model.grid()));
    }

    /**
     * Asks a factory for its strategy; a fault of the factory (an exception, or a class its jar
     * lacks) becomes one line naming the strategy, where it came from and the cause.
     */
    private static MaskingStrategy create(String name, MaskingStrategyFactory factory, String source, Config config) {
        try {
            return factory.create(Settings.ofStrategy(config, name));
        } catch (InvalidSettingException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            String from = PluginDiscovery.CLASSPATH.equals(source) ? "on the class path" : "from " + source;
            throw new UsageException("Masking strategy '" + name + "' " + from + " failed to create its strategy: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }
}
