package dev.adamae.runner.plugins;

import com.typesafe.config.Config;
import dev.adamae.runner.UsageException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every masking strategy that loaded, every problem met while loading, and the merged
 * {@code reference.conf} of the host and of the plugins.
 *
 * @param strategies the strategies that loaded, in discovery order, names unique
 * @param problems one line per jar or factory that could not be used
 * @param ambiguousNames names that more than one plugin claims; none of those plugins is used
 * @param reference the merged defaults of the host's modules and of the plugins that loaded
 */
public record DiscoveredStrategies(
        List<DiscoveredStrategy> strategies, List<String> problems, Map<String, List<String>> ambiguousNames,
        Config reference) {

    public DiscoveredStrategies {
        strategies = List.copyOf(strategies);
        problems = List.copyOf(problems);
        ambiguousNames = Map.copyOf(ambiguousNames);
    }

    /** Returns the strategies by name. */
    public Map<String, DiscoveredStrategy> byName() {
        return strategies.stream().collect(Collectors.toMap(DiscoveredStrategy::name, Function.identity()));
    }

    /** Returns the names of the strategies that can be used, sorted. */
    public List<String> names() {
        return strategies.stream().map(DiscoveredStrategy::name).sorted().toList();
    }

    /**
     * Returns the strategy named {@code name}.
     *
     * @throws UsageException when no usable strategy has that name, listing the known ones
     */
    public DiscoveredStrategy require(String name) {
        Optional<DiscoveredStrategy> found = strategies.stream().filter(s -> s.name().equals(name)).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        if (ambiguousNames.containsKey(name)) {
            throw new UsageException("Masking strategy '" + name + "' is defined by more than one plugin ("
                    + String.join(", ", ambiguousNames.get(name)) + "); remove all but one");
        }
        throw new UsageException("Unknown masking strategy '" + name + "'; known strategies: " + names());
    }
}
