package dev.adamae.runner.bench;

import dev.adamae.runner.report.Charts;
import dev.adamae.runner.train.RunFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a benchmark's results: {@code results.csv} (one row per run and seed, the control's
 * included), {@code results.md} (one row per strategy and ratio, mean and spread over seeds, then
 * the strategies ranked by top-1 with their paired differences from the control and from the
 * baseline), {@code results.json} (all of it), and the charts {@code loss.png}, {@code top1.png}
 * and {@code memory.png}.
 *
 * <p>Beside each requested ratio stands the effective one: the share of the tokens the strategy
 * really hides on the preset's grid once it has rounded to whole tokens. It is computed when the
 * report is written, from the strategy and the grid, and is not part of the plan, so a benchmark
 * started before it was shown resumes as before.
 */
final class BenchReport {

    static final List<String> CSV_COLUMNS = List.of("strategy", "ratio", "effective_ratio", "seed", "status", "pretrain_steps",
            "final_loss", "ms_per_step", "clips_per_s", "peak_rss_mb", "offheap_mb", "top1", "top5", "fg_enrichment",
            "fg_enrichment_p", "pretrain_seconds", "pretrain_step_seconds", "pretrain_gflop", "eval_seconds", "reason",
            "decoder_mask");

    /** The mark of a difference whose interval excludes 0. */
    static final String MARK = "*";

    /**
     * A figure of the table: its column, CSV name, how it is read from a run, its decimals
     * ({@link #SIGNIFICANT} for three significant digits) and whether the table shows its spread.
     */
    private record Figure(String title, String key, Function<RunResult, Double> value, int decimals, boolean spread) {

        Figure(String title, String key, Function<RunResult, Double> value, int decimals) {
            this(title, key, value, decimals, true);
        }
    }

    /** The decimals of a figure shown with three significant digits, whatever its size. */
    private static final int SIGNIFICANT = -1;

    private static final List<Figure> FIGURES = List.of(
            new Figure("Final loss", "final_loss", RunResult::finalLoss, 4),
            new Figure("Steps", "pretrain_steps", result -> result.pretrainSteps() == null ? null
                    : result.pretrainSteps().doubleValue(), 0, false),
            new Figure("GFLOP", "pretrain_gflop", RunResult::pretrainGflop, SIGNIFICANT, false),
            new Figure("Pre-training (s)", "pretrain_seconds", RunResult::pretrainSeconds, 0),
            new Figure("ms/step", "ms_per_step", RunResult::msPerStep, 0),
            new Figure("Clips/s", "clips_per_s", RunResult::clipsPerSecond, 2),
            new Figure("Peak RSS (MB)", "peak_rss_mb", RunResult::peakRssMb, 0),
            new Figure("Native (MB)", "offheap_mb", RunResult::offHeapMb, 0),
            new Figure("Top-1", "top1", RunResult::top1, 4),
            new Figure("Top-5", "top5", RunResult::top5, 4),
            new Figure("FG enrichment", "fg_enrichment", RunResult::fgEnrichment, 3),
            new Figure("FG enrichment (p)", "fg_enrichment_p", RunResult::fgEnrichmentProbability, 3));

    private BenchReport() {
    }

    /**
     * Writes every file into {@code dir} and returns the Markdown.
     *
     * @param plan the benchmark's plan, shown at the top
     * @param elapsedSeconds the wall time of this start of the benchmark so far
     */
    static String write(Path dir, Map<String, Object> plan, BenchSettings settings, List<RunResult> results,
            double elapsedSeconds, EffectiveRatios effectiveRatios) {
        RunFolder.writeAtomically(dir.resolve("results.csv"), csv(results, effectiveRatios));
        List<Group> groups = groups(settings, results, effectiveRatios);
        Ranking ranking = Ranking.of(settings, groups);
        String markdown = markdown(plan, groups, results, ranking, elapsedSeconds);
        RunFolder.writeAtomically(dir.resolve("results.md"), markdown);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", plan);
        json.put("runs", results.stream().map(result -> row(result, effectiveRatios)).toList());
        json.put("summary", groups.stream().map(Group::fields).toList());
        if (settings.evaluation() != BenchSettings.Evaluation.NONE) {
            json.put("chance", finite(chance(results)));
            json.put("ranking", ranking.fields());
        }
        json.put("wall_seconds", Math.round(wallSeconds(results)));
        json.put("elapsed_seconds", Math.round(elapsedSeconds));
        RunFolder.writeJson(dir.resolve("results.json"), json);
        charts(dir, settings, results, groups);
        return markdown;
    }

    /**
     * The share of the tokens a run's strategy really hides at its requested ratio, or
     * {@code null} for the control or when it is not known.
     */
    @FunctionalInterface
    interface EffectiveRatios {

        Double of(BenchRun run);

        /** Returns the effective ratio rounded to three decimals, as the reports show it, or {@code null}. */
        default Double rounded(BenchRun run) {
            Double ratio = run.isControl() ? null : of(run);
            return ratio == null ? null : Math.round(ratio * 1000) / 1000.0;
        }
    }

    /** The runs of one strategy at one ratio (or of the control), over seeds. */
    record Group(String strategy, String ratio, Double effectiveRatio, List<RunResult> runs, boolean control) {

        List<RunResult> finished() {
            return runs.stream().filter(RunResult::ok).toList();
        }

        /** Returns the name the charts and the ranking show: {@code strategy ratio}, or {@code none}. */
        String label() {
            return control ? strategy : strategy + " " + ratio;
        }

        /** Returns the mean and the sample standard deviation of a figure over the finished runs. */
        double[] stats(Function<RunResult, Double> value) {
            List<Double> values = values(value);
            if (values.isEmpty()) {
                return new double[] {Double.NaN, Double.NaN, 0};
            }
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            double spread = values.size() < 2 ? Double.NaN : Math.sqrt(squares / (values.size() - 1));
            return new double[] {mean, spread, values.size()};
        }

        /** Returns a figure of every finished run that has it, in seed order. */
        List<Double> values(Function<RunResult, Double> value) {
            return finished().stream().map(value).filter(v -> v != null && Double.isFinite(v)).toList();
        }

        /** Returns a figure of the finished run with {@code seed}, or {@code null}. */
        Double valueOf(long seed, Function<RunResult, Double> value) {
            return finished().stream().filter(result -> result.run().seed() == seed).map(value)
                    .filter(v -> v != null && Double.isFinite(v)).findFirst().orElse(null);
        }

        Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("strategy", strategy);
            fields.put("ratio", control ? null : Double.parseDouble(ratio));
            fields.put("effective_ratio", effectiveRatio);
            fields.put("seeds", runs.size());
            fields.put("finished", finished().size());
            for (Figure figure : FIGURES) {
                double[] stats = stats(figure.value());
                fields.put(figure.key() + "_mean", finite(stats[0]));
                fields.put(figure.key() + "_std", finite(stats[1]));
            }
            return fields;
        }
    }

    static List<Group> groups(BenchSettings settings, List<RunResult> results, EffectiveRatios effectiveRatios) {
        List<Group> groups = new ArrayList<>();
        if (settings.control()) {
            groups.add(new Group(BenchRun.CONTROL, "-", null, results.stream().filter(result -> result.run().isControl())
                    .toList(), true));
        }
        for (BenchSettings.Entry entry : settings.entries()) {
            List<RunResult> runs = results.stream().filter(result -> !result.run().isControl()
                    && result.run().strategy().equals(entry.strategy()) && result.run().ratio() == entry.ratio()).toList();
            groups.add(new Group(entry.strategy(), runs.get(0).run().ratioText(),
                    effectiveRatios.rounded(runs.get(0).run()), runs, false));
        }
        return groups;
    }

    static String csv(List<RunResult> results, EffectiveRatios effectiveRatios) {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (RunResult result : results) {
            Map<String, Object> row = row(result, effectiveRatios);
            row.put("ratio", result.run().ratioText());
            List<String> cells = new ArrayList<>();
            for (String column : CSV_COLUMNS) {
                Object value = row.get(column);
                String text = value == null ? "" : value.toString();
                cells.add(text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        return csv.toString();
    }

    static Map<String, Object> row(RunResult result, EffectiveRatios effectiveRatios) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("strategy", result.run().strategy());
        row.put("ratio", result.run().isControl() ? null : result.run().ratio());
        row.put("effective_ratio", effectiveRatios.rounded(result.run()));
        row.put("decoder_mask", result.decoderMask());
        row.put("seed", result.run().seed());
        row.put("status", result.status());
        row.put("pretrain_steps", result.pretrainSteps());
        for (Figure figure : FIGURES) {
            if (!figure.key().equals("pretrain_steps")) {
                Double value = figure.value().apply(result);
                row.put(figure.key(), value == null ? null : finite(value));
            }
        }
        row.put("pretrain_step_seconds", result.stepSeconds());
        row.put("eval_seconds", result.evalSeconds());
        row.put("classes", result.classes());
        row.put("timing", result.timing());
        row.put("failed_phase", result.failedPhase());
        row.put("reason", result.reason());
        return row;
    }

    static String markdown(Map<String, Object> plan, List<Group> groups, List<RunResult> results, Ranking ranking,
            double elapsedSeconds) {
        StringBuilder md = new StringBuilder("# Masking strategies, head to head\n\n");
        plan.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        md.append(String.format(Locale.ROOT, "- time of the runs' phases, added up: %s%n",
                BenchProgress.duration(wallSeconds(results))));
        md.append(String.format(Locale.ROOT, "- wall time of this start of the benchmark: %s%n%n",
                BenchProgress.duration(elapsedSeconds)));
        List<Figure> shown = FIGURES.stream().filter(figure -> groups.stream()
                .anyMatch(group -> !Double.isNaN(group.stats(figure.value())[0]))).toList();
        md.append("| Strategy | Ratio | Effective ratio | Seeds |");
        shown.forEach(figure -> md.append(' ').append(figure.title()).append(" |"));
        md.append("\n|---|---:|---:|---:|");
        shown.forEach(figure -> md.append("---:|"));
        md.append('\n');
        for (Group group : groups) {
            md.append("| ").append(group.strategy()).append(" | ").append(group.ratio()).append(" | ")
                    .append(group.effectiveRatio() == null ? "-" : String.format(Locale.ROOT, "%.3f",
                            group.effectiveRatio())).append(" | ")
                    .append(group.finished().size()).append(group.finished().size() == group.runs().size() ? ""
                            : " of " + group.runs().size()).append(" |");
            for (Figure figure : shown) {
                double[] stats = group.stats(figure.value());
                if (!figure.spread()) {
                    stats[1] = Double.NaN;
                }
                md.append(' ').append(cell(stats, figure.decimals())).append(" |");
            }
            md.append('\n');
        }
        md.append("\nMean over the seeds that finished, ± the sample standard deviation when there are two or more. "
                + "The effective ratio is the share of the tokens the strategy really hides on this preset's grid, "
                + "once it has rounded the requested ratio to whole tokens. Steps (the same for every seed), GFLOP (the analytic count of the steps done) and pre-training "
                + "seconds (the wall time of the pre-training process, start-up included) are those of each run's "
                + "pre-training; `none` is the "
                + "control, an encoder never pre-trained. Timing and memory are those of the pre-training process; "
                + "FG enrichment is the share of visible tokens on the moving objects over their share of the clip, "
                + "averaged over the last pre-training steps (1.0 for a strategy blind to content); (p) is the same "
                + "for a learned sampler's probabilities.\n");
        md.append(ranking.markdown(chance(results)));
        List<RunResult> failed = results.stream().filter(result -> RunResult.FAILED.equals(result.status())).toList();
        if (!failed.isEmpty()) {
            md.append("\nFailed runs:\n\n");
            failed.forEach(result -> md.append("- ").append(result.run()).append(", ").append(result.failedPhase())
                    .append(": ").append(result.reason()).append('\n'));
        }
        long pending = results.stream().filter(result -> RunResult.PENDING.equals(result.status())).count();
        if (pending > 0) {
            md.append("\n").append(pending).append(" run(s) not finished yet.\n");
        }
        return md.toString();
    }

    /** Returns the top-1 of guessing, 1 / the classes the evaluations tested, or NaN when none finished. */
    static double chance(List<RunResult> results) {
        return results.stream().filter(result -> result.classes() != null && result.classes() > 0)
                .mapToDouble(result -> 1.0 / result.classes()).findFirst().orElse(Double.NaN);
    }

    private static String cell(double[] stats, int decimals) {
        if (Double.isNaN(stats[0])) {
            return "-";
        }
        if (decimals == SIGNIFICANT) {
            decimals = stats[0] == 0 ? 0 : Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(stats[0]))));
        }
        String format = "%." + decimals + "f";
        String mean = String.format(Locale.ROOT, format, stats[0]);
        return Double.isNaN(stats[1]) ? mean : mean + " ± " + String.format(Locale.ROOT, format, stats[1]);
    }

    private static void charts(Path dir, BenchSettings settings, List<RunResult> results, List<Group> groups) {
        List<Charts.Line> lines = new ArrayList<>();
        int longest = 0;
        for (RunResult result : results) {
            List<double[]> curve = result.lossCurve();
            if (curve.isEmpty()) {
                continue;
            }
            longest = Math.max(longest, curve.size());
        }
        int window = Math.max(1, longest / 50);
        for (RunResult result : results) {
            List<double[]> curve = result.lossCurve();
            if (curve.isEmpty()) {
                continue;
            }
            double[] x = new double[curve.size()];
            double[] y = new double[curve.size()];
            double sum = 0;
            for (int i = 0; i < curve.size(); i++) {
                sum += curve.get(i)[1];
                if (i >= window) {
                    sum -= curve.get(i - window)[1];
                }
                x[i] = curve.get(i)[0];
                y[i] = sum / Math.min(i + 1, window);
            }
            lines.add(new Charts.Line(result.run().toString(), x, y));
        }
        if (!lines.isEmpty()) {
            Charts.write(Charts.lines("Pre-training loss" + (window > 1 ? " (moving mean of " + window + " steps)" : ""),
                    "step", "loss", lines), dir.resolve("loss.png"));
        }
        if (settings.evaluation() != BenchSettings.Evaluation.NONE) {
            List<String> categories = groups.stream().map(Group::label).toList();
            double[][] top1 = column(groups, RunResult::top1, 100);
            List<Charts.Reference> references = new ArrayList<>();
            double chance = chance(results);
            if (Double.isFinite(chance)) {
                references.add(new Charts.Reference(String.format(Locale.ROOT, "chance %.1f%%", chance * 100),
                        chance * 100));
            }
            groups.stream().filter(Group::control).findFirst().map(group -> group.stats(RunResult::top1)[0])
                    .filter(Double::isFinite).ifPresent(mean -> references.add(new Charts.Reference(String.format(
                            Locale.ROOT, "none (never pre-trained) %.1f%%", mean * 100), mean * 100)));
            Charts.write(Charts.bars("Top-1 accuracy after " + settings.evaluation().configName() + " (%)", "top-1 (%)",
                    categories, List.of(new Charts.Bars("top-1", top1[0], top1[1])), references),
                    dir.resolve("top1.png"));
        }
        List<Group> pretrained = groups.stream().filter(group -> !group.control()).toList();
        double[][] rss = column(pretrained, RunResult::peakRssMb, 1);
        double[][] native_ = column(pretrained, RunResult::offHeapMb, 1);
        Charts.write(Charts.bars("Peak memory of pre-training (MB)", "MB",
                pretrained.stream().map(Group::label).toList(),
                List.of(new Charts.Bars("peak RSS", rss[0], rss[1]), new Charts.Bars("native (off-heap)", native_[0],
                        native_[1]))), dir.resolve("memory.png"));
    }

    private static double[][] column(List<Group> groups, Function<RunResult, Double> value, double scale) {
        double[][] column = new double[2][groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            double[] stats = groups.get(i).stats(value);
            column[0][i] = stats[0] * scale;
            column[1][i] = stats[1] * scale;
        }
        return column;
    }

    private static double wallSeconds(List<RunResult> results) {
        double total = 0;
        for (RunResult result : results) {
            total += (result.pretrainSeconds() == null ? 0 : result.pretrainSeconds())
                    + (result.evalSeconds() == null ? 0 : result.evalSeconds());
        }
        return total;
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
