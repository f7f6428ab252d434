package dev.adamae.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the masking SPI, and the rule that decides whether a plugin may be loaded.
 *
 * <p>A plugin built against SPI {@code M.m} loads into a host that speaks {@code M.n} with
 * {@code n >= m}: minor versions only add {@code default} methods, so older plugins keep working.
 * A plugin built for another major version, or for a newer minor version than the host's, is
 * refused at load time.
 */
public final class SpiVersion {

    /**
     * The SPI version of this build.
     *
     * <p>This is a compile-time constant: a factory whose {@link MaskingStrategyFactory#spiVersion()}
     * returns it carries, in its own class file, the version it was compiled against.
     */
    public static final String CURRENT = "1.3";

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\.(\\d+)");

    private SpiVersion() {
    }

    /** Returns the major component of {@link #CURRENT}. */
    public static int major() {
        return parse(CURRENT)[0];
    }

    /**
     * Tells why a plugin built against {@code pluginVersion} cannot be loaded by this host.
     *
     * @return the reason, or empty when the plugin is compatible
     */
    public static Optional<String> incompatibility(String pluginVersion) {
        if (pluginVersion == null || !FORMAT.matcher(pluginVersion).matches()) {
            return Optional.of("its SPI version '" + pluginVersion + "' is not of the form MAJOR.MINOR");
        }
        int[] plugin = parse(pluginVersion);
        int[] host = parse(CURRENT);
        if (plugin[0] != host[0]) {
            return Optional.of("it was built for masking SPI " + pluginVersion + " but this host speaks "
                    + CURRENT + "; rebuild it against adamae-api " + host[0] + ".x");
        }
        if (plugin[1] > host[1]) {
            return Optional.of("it was built for masking SPI " + pluginVersion
                    + ", newer than this host's " + CURRENT + "; upgrade AdaMAE-J");
        }
        return Optional.empty();
    }

    private static int[] parse(String version) {
        Matcher matcher = FORMAT.matcher(version);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a MAJOR.MINOR version: " + version);
        }
        return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))};
    }
}
