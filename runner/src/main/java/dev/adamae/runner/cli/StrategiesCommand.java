package dev.adamae.runner.cli;

import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.runner.Console;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.plugins.DiscoveredStrategies;
import dev.adamae.runner.plugins.DiscoveredStrategy;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists the masking strategies found on the class path and in the plugins folder. */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = "Lists the masking strategies: name, version, SPI version, where loaded from, description.")
public final class StrategiesCommand implements Job {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Inject
    DiscoveredStrategies discovered;

    @Inject
    Console console;

    @Override
    public ConfigRequest configRequest() {
        return options.request(Map.of());
    }

    @Override
    public Integer call() {
        List<DiscoveredStrategy> strategies = discovered.strategies().stream()
                .sorted(Comparator.comparing(DiscoveredStrategy::name))
                .toList();
        int nameWidth = Math.max(4, strategies.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        int versionWidth = Math.max(7, strategies.stream()
                .mapToInt(s -> s.factory().version().length()).max().orElse(0));
        int sourceWidth = Math.max(6, strategies.stream().mapToInt(s -> s.source().length()).max().orElse(0));
        String format = "%-" + nameWidth + "s  %-" + versionWidth + "s  %-3s  %-" + sourceWidth + "s  %s%n";
        console.out().printf(format, "NAME", "VERSION", "SPI", "SOURCE", "DESCRIPTION");
        for (DiscoveredStrategy strategy : strategies) {
            MaskingStrategyFactory factory = strategy.factory();
            console.out().printf(format, strategy.name(), factory.version(), factory.spiVersion(), strategy.source(),
                    factory.description());
        }
        console.out().flush();
        return 0;
    }
}
