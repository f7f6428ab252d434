package dev.adamae.runner.bench;

import com.typesafe.config.Config;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.Settings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The settings of {@code adamae bench}, from {@code adamae.bench}.
 *
 * @param entries the runs to compare, each {@code strategy:ratio}, in the order given
 * @param seeds the seeds each entry is run with
 * @param pretrainSteps pre-training steps of every run
 * @param evaluation what follows pre-training
 * @param enrichmentWindow the share of the last pre-training steps whose foreground enrichment is averaged
 * @param evaluationSteps the steps of the evaluation when they are known before it starts (fine-tuning
 *     with {@code adamae.finetune.steps} set), else 0; for the progress display only
 */
public record BenchSettings(List<Entry> entries, List<Long> seeds, int pretrainSteps, Evaluation evaluation,
        double enrichmentWindow, long evaluationSteps) {

    /** The section of these settings. */
    public static final String PATH = "adamae.bench";

    /** A strategy at a ratio. */
    public record Entry(String strategy, double ratio) {
    }

    /** The downstream evaluation of each pre-trained encoder. */
    public enum Evaluation {
        /** A linear probe on the frozen encoder ({@code adamae probe}). */
        PROBE,
        /** End-to-end fine-tuning ({@code adamae finetune}). */
        FINETUNE,
        /** None: pre-training figures only. */
        NONE;

        /** Returns the name used in settings, on the command line and as the phase's folder. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads and checks {@code adamae.bench}; the step count falls back to {@code adamae.train.steps}. */
    public static BenchSettings from(Config config) {
        Settings bench = Settings.section(config, PATH);
        List<Entry> entries = new ArrayList<>();
        List<String> runs = read(bench, "runs", () -> config.getStringList(PATH + ".runs"));
        if (runs.isEmpty()) {
            throw bench.invalid("runs", "give at least one strategy:ratio");
        }
        for (String run : runs) {
            entries.add(parseEntry(run, bench));
        }
        if (new LinkedHashSet<>(entries).size() != entries.size()) {
            throw bench.invalid("runs", "a strategy:ratio appears twice");
        }
        List<Long> seeds = read(bench, "seeds", () -> config.getLongList(PATH + ".seeds"));
        if (seeds.isEmpty() || new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw bench.invalid("seeds", "give one or more distinct seeds");
        }
        int steps = bench.isSet("pretrain-steps") ? bench.getInt("pretrain-steps", 1, Integer.MAX_VALUE)
                : config.getInt("adamae.train.steps");
        Evaluation chosen = Evaluation.valueOf(bench.getChoice("eval", Set.of("probe", "finetune", "none"))
                .toUpperCase(Locale.ROOT));
        double window = bench.getDouble("enrichment-window", 0, 1);
        if (window == 0) {
            throw bench.invalid("enrichment-window", "must be in (0, 1]");
        }
        long evaluationSteps = chosen == Evaluation.FINETUNE && config.hasPath("adamae.finetune.steps")
                ? config.getLong("adamae.finetune.steps") : 0;
        return new BenchSettings(List.copyOf(entries), List.copyOf(seeds), steps, chosen, window, evaluationSteps);
    }

    private static <T> T read(Settings bench, String key, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (com.typesafe.config.ConfigException e) {
            throw bench.invalid(key, "expected a list");
        }
    }

    private static Entry parseEntry(String run, Settings bench) {
        String[] parts = run.trim().split(":");
        if (parts.length != 2 || parts[0].isBlank()) {
            throw bench.invalid("runs", run + " is not strategy:ratio, e.g. tube:0.9");
        }
        double ratio;
        try {
            ratio = Double.parseDouble(parts[1]);
        } catch (NumberFormatException e) {
            throw bench.invalid("runs", run + ": the ratio " + parts[1] + " is not a number");
        }
        if (!(ratio > 0 && ratio < 1)) {
            throw bench.invalid("runs", run + ": the ratio must be between 0 and 1");
        }
        return new Entry(parts[0].trim(), ratio);
    }

    /** Returns every run: each entry with each seed, entries first. */
    public List<BenchRun> runs() {
        List<BenchRun> runs = new ArrayList<>();
        for (Entry entry : entries) {
            for (long seed : seeds) {
                runs.add(new BenchRun(entry.strategy(), entry.ratio(), seed));
            }
        }
        return runs;
    }

    /** Returns the error for a wrong entry, naming the setting. */
    public static InvalidSettingException invalidRun(Config config, String message) {
        return Settings.section(config, PATH).invalid("runs", message);
    }
}
