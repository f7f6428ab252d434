package dev.adamae.api;

/**
 * The entry point of a masking plugin, found by {@link java.util.ServiceLoader}.
 *
 * <p>A factory is stateless: it names the strategy and builds it from its own settings section,
 * {@code adamae.masking.strategies.<name>}, checking every value when it builds. Register it
 * with one line in {@code META-INF/services/dev.adamae.api.MaskingStrategyFactory}.
 */
public interface MaskingStrategyFactory {

    /**
     * Returns the unique name users select the strategy by, e.g. {@code tube}: lower-case
     * letters, digits and hyphens, starting with a letter.
     */
    String name();

    /** Returns a one-line description of the strategy. */
    String description();

    /**
     * Returns the SPI version the plugin was compiled against.
     *
     * <p>Implement it as {@code return SpiVersion.CURRENT;}: the constant is copied into the
     * plugin's class file when it is compiled, which is what lets the host tell its version.
     */
    String spiVersion();

    /**
     * Returns the plugin's own version, shown by {@code adamae strategies}.
     *
     * <p>By default, the {@code Implementation-Version} of the jar the factory was loaded from,
     * or {@code "unversioned"} when the jar's manifest has none.
     */
    default String version() {
        String version = getClass().getPackage() == null ? null : getClass().getPackage().getImplementationVersion();
        return version == null ? "unversioned" : version;
    }

    /**
     * Builds the strategy from its settings section.
     *
     * @throws InvalidSettingException when a setting is missing, mistyped or out of range
     */
    MaskingStrategy create(Settings settings);
}
