package dev.adamae.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One section of the configuration, read with checks: every getter fails with an
 * {@link InvalidSettingException} that names the full key, the value and its file.
 *
 * <p>A masking strategy receives its own section, {@code adamae.masking.strategies.<name>}, whose
 * defaults it ships in its {@code reference.conf}.
 */
public final class Settings {

    /** The section under which each masking strategy finds its own settings, by name. */
    public static final String STRATEGIES_PATH = "adamae.masking.strategies";

    private final String path;
    private final Config config;

    /**
     * Creates the section.
     *
     * @param path the full path of the section, used in messages
     * @param config the section's values
     */
    public Settings(String path, Config config) {
        this.path = path;
        this.config = config;
    }

    /** Returns section {@code path} of {@code root}, empty when the root has no such section. */
    public static Settings section(Config root, String path) {
        return new Settings(path, root.hasPath(path) ? root.getConfig(path) : ConfigFactory.empty());
    }

    /** Returns the settings section of the masking strategy named {@code strategyName}. */
    public static Settings ofStrategy(Config root, String strategyName) {
        return section(root, strategyPath(strategyName));
    }

    /** Returns the full path of a strategy's settings section. */
    public static String strategyPath(String strategyName) {
        return STRATEGIES_PATH + "." + strategyName;
    }

    public String path() {
        return path;
    }

    public Config config() {
        return config;
    }

    /** Returns the sub-section {@code key}. */
    public Settings section(String key) {
        return new Settings(fullKey(key), config.hasPath(key) ? config.getConfig(key) : ConfigFactory.empty());
    }

    /** Returns the full key of {@code key}, e.g. {@code adamae.masking.strategies.tube.default-ratio}. */
    public String fullKey(String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    /** Reads a number within {@code [min, max]}. */
    public double getDouble(String key, double min, double max) {
        double value = read(key, () -> config.getDouble(key), "a number");
        if (!(value >= min && value <= max)) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
        return value;
    }

    /** Reads a mask ratio: a number strictly between 0 and 1. */
    public double getRatio(String key) {
        double value = read(key, () -> config.getDouble(key), "a number");
        if (!(value > 0 && value < 1)) {
            throw invalid(key, "a mask ratio must be strictly between 0 and 1");
        }
        return value;
    }

    /** Reads a whole number within {@code [min, max]}. */
    public int getInt(String key, int min, int max) {
        int value = read(key, () -> whole(key, config.getInt(key)), "a whole number");
        if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
        return value;
    }

    /** Reads a whole number within {@code [min, max]}. */
    public long getLong(String key, long min, long max) {
        long value = read(key, () -> whole(key, config.getLong(key)), "a whole number");
        if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
        return value;
    }

    /** Reads {@code true} or {@code false}. */
    public boolean getBoolean(String key) {
        return read(key, () -> config.getBoolean(key), "true or false");
    }

    /** Reads a non-empty string. */
    public String getString(String key) {
        String value = read(key, () -> config.getString(key), "a string");
        if (value.isBlank()) {
            throw invalid(key, "must not be empty");
        }
        return value;
    }

    /** Reads one of {@code allowed}. */
    public String getChoice(String key, Set<String> allowed) {
        String value = read(key, () -> config.getString(key), "a string");
        if (!allowed.contains(value)) {
            throw invalid(key, "must be one of " + new TreeSet<>(allowed));
        }
        return value;
    }

    /** Reads a list of numbers. */
    public List<Double> getDoubleList(String key) {
        return read(key, () -> config.getDoubleList(key), "a list of numbers");
    }

    /** Tells whether {@code key} is set to a value other than {@code null}. */
    public boolean isSet(String key) {
        return config.hasPath(key);
    }

    /** Returns an exception that refuses the current value of {@code key} for {@code reason}. */
    public InvalidSettingException invalid(String key, String reason) {
        ConfigValue value = rawValue(key);
        return new InvalidSettingException(fullKey(key),
                value == null ? null : value.render(ConfigRenderOptions.concise()),
                value == null ? null : value.origin().description(),
                reason);
    }

    /** Returns the value at {@code key}, a null value included, or {@code null} when there is none. */
    private ConfigValue rawValue(String key) {
        ConfigValue value = config.root();
        for (String part : ConfigUtil.splitPath(key)) {
            if (!(value instanceof ConfigObject object)) {
                return null;
            }
            value = object.get(part);
        }
        return value;
    }

    /** Returns {@code value}, read from {@code key}, after checking that the setting has no fraction (2.5 is not 2). */
    private <T extends Number> T whole(String key, T value) {
        Number number = config.getNumber(key);
        if (number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new ConfigException.BadValue(key, "not a whole number");
        }
        return value;
    }

    private <T> T read(String key, java.util.function.Supplier<T> reader, String expected) {
        if (!config.hasPathOrNull(key)) {
            throw new InvalidSettingException(fullKey(key), null, null, "is not set");
        }
        if (config.getIsNull(key)) {
            throw new InvalidSettingException(fullKey(key), "null", rawValue(key).origin().description(),
                    "must be set to " + expected);
        }
        try {
            return reader.get();
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw invalid(key, "must be " + expected);
        }
    }
}
