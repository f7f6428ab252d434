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
 * @param pretrainSteps pre-training steps of every run, or {@code null} when a budget sets them
 * @param budget the pre-training budget of every run, or {@code null} for equal steps
 * @param evaluation what follows pre-training
 * @param enrichmentWindow the share of the last pre-training steps whose foreground enrichment is averaged
 * @param evaluationSteps the steps of the evaluation when they are known before it starts (fine-tuning
 *     with {@code adamae.finetune.steps} set), else 0; for the progress display only
 * @param control whether an encoder never pre-trained is evaluated too, with each seed (only with an evaluation)
 * @param baseline the strategy every other is compared with, besides the control
 * @param parallel how many phases run at once
 * @param threadsPerPhase native threads of each phase's process, or {@code null} for the cores over {@code parallel}
 * @param timingWarmup untimed steps of the measurement that turns a budget in minutes into steps
 * @param timingSteps timed steps of that measurement
 */
public record BenchSettings(List<Entry> entries, List<Long> seeds, Integer pretrainSteps, Budget budget,
        Evaluation evaluation, double enrichmentWindow, long evaluationSteps, boolean control, String baseline,
        int parallel, Integer threadsPerPhase, int timingWarmup, int timingSteps) {

    /** The section of these settings. */
    public static final String PATH = "adamae.bench";

    /** A strategy at a ratio. */
    public record Entry(String strategy, double ratio) {

        /** Returns {@code strategy:ratio}, the ratio as written, without trailing zeros. */
        @Override
        public String toString() {
            return strategy + ":" + BenchRun.ratioText(ratio);
        }
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
        Budget budget = null;
        if (bench.isSet("budget")) {
            try {
                budget = Budget.parse(bench.getString("budget"));
            } catch (IllegalArgumentException e) {
                throw bench.invalid("budget", e.getMessage());
            }
            if (bench.isSet("pretrain-steps")) {
                throw bench.invalid("budget", "a budget sets each run's steps: leave adamae.bench.pretrain-steps "
                        + "(--pretrain-steps) unset, or the budget");
            }
        }
        Integer steps = budget != null ? null : bench.isSet("pretrain-steps")
                ? bench.getInt("pretrain-steps", 1, Integer.MAX_VALUE) : config.getInt("adamae.train.steps");
        Evaluation chosen = Evaluation.valueOf(bench.getChoice("eval", Set.of("probe", "finetune", "none"))
                .toUpperCase(Locale.ROOT));
        double window = bench.getDouble("enrichment-window", 0, 1);
        if (window == 0) {
            throw bench.invalid("enrichment-window", "must be in (0, 1]");
        }
        long evaluationSteps = chosen == Evaluation.FINETUNE && config.hasPath("adamae.finetune.steps")
                ? config.getLong("adamae.finetune.steps") : 0;
        boolean control = bench.getBoolean("control") && chosen != Evaluation.NONE;
        String baseline = bench.getString("baseline").trim();
        if (!baseline.contains(":") && entries.stream().filter(entry -> entry.strategy().equals(baseline)).count() > 1) {
            throw bench.invalid("baseline", baseline + " runs at several ratios: name one, e.g. "
                    + entries.stream().filter(entry -> entry.strategy().equals(baseline)).findFirst().orElseThrow());
        }
        int parallel = bench.getInt("parallel", 1, 1024);
        Integer threads = bench.isSet("threads-per-phase") ? bench.getInt("threads-per-phase", 1, 1024) : null;
        Settings timing = bench.section("timing");
        return new BenchSettings(List.copyOf(entries), List.copyOf(seeds), steps, budget, chosen, window,
                evaluationSteps, control, baseline, parallel, threads, timing.getInt("warmup", 0, 1000),
                timing.getInt("steps", 1, 1000));
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
        if (parts[0].trim().equals(BenchRun.CONTROL)) {
            throw bench.invalid("runs", run + ": '" + BenchRun.CONTROL + "' names the control row (an encoder never "
                    + "pre-trained, adamae.bench.control), not a strategy to pre-train");
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

    /**
     * Returns every run: the control with each seed first (when there is one: it needs no
     * pre-training, so the comparison has its reference early), then each entry with each seed.
     */
    /** Returns {@code ratio} as the user wrote it, without trailing zeros. */
    public static String ratioText(double ratio) {
        return BenchRun.ratioText(ratio);
    }

    public List<BenchRun> runs() {
        List<BenchRun> runs = new ArrayList<>();
        if (control) {
            seeds.forEach(seed -> runs.add(BenchRun.control(seed)));
        }
        for (Entry entry : entries) {
            for (long seed : seeds) {
                runs.add(new BenchRun(entry.strategy(), entry.ratio(), seed));
            }
        }
        return runs;
    }

    /**
     * Returns the entry the others are compared with besides the control: the one {@code baseline}
     * names ({@code strategy} or {@code strategy:ratio}), or empty when it is not among the runs.
     */
    public java.util.Optional<Entry> baselineEntry() {
        return entries.stream().filter(entry -> baseline.contains(":") ? entry.toString().equals(baseline)
                || entry.equals(parseBaseline()) : entry.strategy().equals(baseline)).findFirst();
    }

    private Entry parseBaseline() {
        String[] parts = baseline.split(":");
        try {
            return parts.length == 2 ? new Entry(parts[0], Double.parseDouble(parts[1])) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Returns the native threads of each phase's process: {@code threads-per-phase} when set,
     * else the cores shared out among the phases that run at once, at least 1.
     *
     * @param cores the cores the benchmark has
     */
    public int threadsPerPhase(int cores) {
        return threadsPerPhase != null ? threadsPerPhase : Math.max(1, cores / parallel);
    }

    /** Returns the error for a wrong entry, naming the setting. */
    public static InvalidSettingException invalidRun(Config config, String message) {
        return Settings.section(config, PATH).invalid("runs", message);
    }

    /** Returns the error for a budget this benchmark cannot use, naming the setting. */
    public static InvalidSettingException invalidBudget(Config config, String message) {
        return Settings.section(config, PATH).invalid("budget", message);
    }
}
