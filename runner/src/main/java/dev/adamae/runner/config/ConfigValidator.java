package dev.adamae.runner.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.Settings;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a configuration against the merged {@code reference.conf} files: every key under
 * {@code adamae} must be known, and of the type its default has.
 *
 * <p>Ranges are checked by the settings objects that read the values, at start-up too.
 */
final class ConfigValidator {

    private static final String ROOT = "adamae";

    private ConfigValidator() {
    }

    static void validate(Config config, Config reference) {
        if (!config.hasPath(ROOT)) {
            return;
        }
        List<Map.Entry<String, ConfigValue>> entries = config.withOnlyPath(ROOT).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .toList();
        for (Map.Entry<String, ConfigValue> entry : entries) {
            String key = entry.getKey();
            ConfigValue value = entry.getValue();
            if (!reference.hasPathOrNull(key)) {
                throw unknown(key, value, reference);
            }
            checkType(config, reference, key, value);
        }
    }

    private static void checkType(Config config, Config reference, String key, ConfigValue value) {
        if (reference.getIsNull(key)) {
            return;
        }
        ConfigValueType expected = reference.getValue(key).valueType();
        try {
            switch (expected) {
                case NUMBER -> config.getDouble(key);
                case BOOLEAN -> config.getBoolean(key);
                case LIST -> config.getList(key);
                case STRING -> config.getString(key);
                case OBJECT -> config.getObject(key);
                default -> {
                }
            }
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new InvalidSettingException(key, render(value), value.origin().description(),
                    "must be " + describe(expected) + ", like its default " + render(reference.getValue(key)));
        }
    }

    private static InvalidSettingException unknown(String key, ConfigValue value, Config reference) {
        List<String> path = ConfigUtil.splitPath(key);
        String reason = "no such setting";
        String strategies = Settings.STRATEGIES_PATH + ".";
        if (key.startsWith(strategies) && path.size() > 3 && !reference.hasPathOrNull(
                ConfigUtil.joinPath(path.subList(0, 4)))) {
            reason = "no masking strategy named '" + path.get(3) + "' is installed";
        } else {
            Optional<String> suggestion = nearestSibling(path, reference);
            if (suggestion.isPresent()) {
                reason += "; did you mean " + suggestion.get() + "?";
            }
        }
        return new InvalidSettingException(key, render(value), value.origin().description(), reason);
    }

    /** Finds the known key closest in spelling to the unknown one, at the deepest known parent. */
    private static Optional<String> nearestSibling(List<String> path, Config reference) {
        for (int depth = path.size() - 1; depth >= 1; depth--) {
            String parent = ConfigUtil.joinPath(path.subList(0, depth));
            if (!reference.hasPath(parent) || reference.getValue(parent).valueType() != ConfigValueType.OBJECT) {
                continue;
            }
            ConfigObject siblings = reference.getObject(parent);
            String wrong = path.get(depth);
            return siblings.keySet().stream()
                    .filter(candidate -> distance(candidate, wrong) <= Math.max(2, wrong.length() / 3))
                    .min(Comparator.comparingInt(candidate -> distance(candidate, wrong)))
                    .map(candidate -> parent + "." + candidate);
        }
        return Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String describe(ConfigValueType type) {
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case LIST -> "a list";
            case STRING -> "a string";
            case OBJECT -> "a section";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String render(ConfigValue value) {
        return value.render(ConfigRenderOptions.concise());
    }
}
