package dev.adamae.runner.train;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;

/**
 * How classifiers are tested, read from {@value #PATH}.
 *
 * @param temporalViews temporal clips per video
 * @param spatialViews spatial crops per clip
 * @param batchSize views per forward pass
 */
public record EvaluationSettings(int temporalViews, int spatialViews, int batchSize) {

    /** The configuration section of these settings. */
    public static final String PATH = "adamae.evaluation";

    /** Reads and checks the settings in {@code config}. */
    public static EvaluationSettings from(Config config) {
        Settings section = Settings.section(config, PATH);
        return new EvaluationSettings(section.getInt("temporal-views", 1, 64), section.getInt("spatial-views", 1, 64),
                section.getInt("batch-size", 1, 1 << 16));
    }

    /**
     * Parses a {@code --views} value {@code TxS}, e.g. {@code 2x3}, into the keys it sets.
     *
     * @throws dev.adamae.runner.UsageException naming the value when it is not of that form
     */
    public static java.util.Map<String, Object> viewFlags(String views) {
        if (views == null) {
            return java.util.Map.of();
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d{1,2})x(\\d{1,2})").matcher(views.trim());
        if (!matcher.matches()) {
            throw new dev.adamae.runner.UsageException("--views " + views
                    + ": give temporal clips x spatial crops, e.g. 2x3");
        }
        return java.util.Map.of(PATH + ".temporal-views", Integer.parseInt(matcher.group(1)),
                PATH + ".spatial-views", Integer.parseInt(matcher.group(2)));
    }
}
