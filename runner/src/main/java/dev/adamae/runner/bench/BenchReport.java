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
 * Writes a benchmark's results: {@code results.csv} (one row per run and seed), {@code results.md}
 * (one row per strategy and ratio, mean and spread over seeds), {@code results.json} (both), and
 * the charts {@code loss.png}, {@code top1.png} and {@code memory.png}.
 */
final class BenchReport {

    static final List<String> CSV_COLUMNS = List.of("strategy", "ratio", "seed", "status", "pretrain_steps",
            "final_loss", "ms_per_step", "clips_per_s", "peak_rss_mb", "offheap_mb", "top1", "top5", "fg_enrichment",
            "fg_enrichment_p", "pretrain_seconds", "eval_seconds", "reason");

    /** A figure of the table: its column, CSV name, how it is read from a run, and its decimals. */
    private record Figure(String title, String key, Function<RunResult, Double> value, int decimals) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("Final loss", "final_loss", RunResult::finalLoss, 4),
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

    /** Writes every file into {@code dir} and returns the Markdown table. */
    static String write(Path dir, Map<String, Object> plan, BenchSettings settings, List<RunResult> results) {
        RunFolder.writeAtomically(dir.resolve("results.csv"), csv(results));
        List<Group> groups = groups(settings, results);
        String markdown = markdown(plan, groups, results);
        RunFolder.writeAtomically(dir.resolve("results.md"), markdown);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", plan);
        json.put("runs", results.stream().map(BenchReport::row).toList());
        json.put("summary", groups.stream().map(Group::fields).toList());
        json.put("wall_seconds", Math.round(wallSeconds(results)));
        RunFolder.writeJson(dir.resolve("results.json"), json);
        charts(dir, settings, results, groups);
        return markdown;
    }

    /** The runs of one strategy at one ratio, over seeds. */
    record Group(String strategy, String ratio, List<RunResult> runs) {

        List<RunResult> finished() {
            return runs.stream().filter(RunResult::ok).toList();
        }

        /** Returns the mean and the sample standard deviation of a figure over the finished runs. */
        double[] stats(Function<RunResult, Double> value) {
            List<Double> values = finished().stream().map(value).filter(v -> v != null && Double.isFinite(v)).toList();
            if (values.isEmpty()) {
                return new double[] {Double.NaN, Double.NaN, 0};
            }
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            double spread = values.size() < 2 ? Double.NaN : Math.sqrt(squares / (values.size() - 1));
            return new double[] {mean, spread, values.size()};
        }

        Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("strategy", strategy);
            fields.put("ratio", Double.parseDouble(ratio));
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

    static List<Group> groups(BenchSettings settings, List<RunResult> results) {
        List<Group> groups = new ArrayList<>();
        for (BenchSettings.Entry entry : settings.entries()) {
            List<RunResult> runs = results.stream().filter(result -> result.run().strategy().equals(entry.strategy())
                    && result.run().ratio() == entry.ratio()).toList();
            groups.add(new Group(entry.strategy(), runs.get(0).run().ratioText(), runs));
        }
        return groups;
    }

    static String csv(List<RunResult> results) {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (RunResult result : results) {
            Map<String, Object> row = row(result);
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

    static Map<String, Object> row(RunResult result) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("strategy", result.run().strategy());
        row.put("ratio", result.run().ratio());
        row.put("seed", result.run().seed());
        row.put("status", result.status());
        row.put("pretrain_steps", result.pretrainSteps());
        for (Figure figure : FIGURES) {
            Double value = figure.value().apply(result);
            row.put(figure.key(), value == null ? null : finite(value));
        }
        row.put("pretrain_seconds", result.pretrainSeconds());
        row.put("eval_seconds", result.evalSeconds());
        row.put("failed_phase", result.failedPhase());
        row.put("reason", result.reason());
        return row;
    }

    static String markdown(Map<String, Object> plan, List<Group> groups, List<RunResult> results) {
        StringBuilder md = new StringBuilder("# Masking strategies, head to head\n\n");
        plan.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        md.append(String.format(Locale.ROOT, "- wall time of the runs: %s%n%n",
                BenchProgress.duration(wallSeconds(results))));
        List<Figure> shown = FIGURES.stream().filter(figure -> groups.stream()
                .anyMatch(group -> !Double.isNaN(group.stats(figure.value())[0]))).toList();
        md.append("| Strategy | Ratio | Seeds |");
        shown.forEach(figure -> md.append(' ').append(figure.title()).append(" |"));
        md.append("\n|---|---:|---:|");
        shown.forEach(figure -> md.append("---:|"));
        md.append('\n');
        for (Group group : groups) {
            md.append("| ").append(group.strategy()).append(" | ").append(group.ratio()).append(" | ")
                    .append(group.finished().size()).append(group.finished().size() == group.runs().size() ? ""
                            : " of " + group.runs().size()).append(" |");
            for (Figure figure : shown) {
                double[] stats = group.stats(figure.value());
                md.append(' ').append(cell(stats, figure.decimals())).append(" |");
            }
            md.append('\n');
        }
        md.append("\nMean over the seeds that finished, ± the sample standard deviation when there are two or more. "
                + "Timing and memory are those of the pre-training process; FG enrichment is the share of visible tokens "
                + "on the moving objects over their share of the clip, averaged over the last pre-training steps "
                + "(1.0 for a strategy blind to content); (p) is the same for a learned sampler's probabilities.\n");
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

    private static String cell(double[] stats, int decimals) {
        if (Double.isNaN(stats[0])) {
            return "-";
        }
        String format = "%." + decimals + "f";
        String mean = String.format(Locale.ROOT, format, stats[0]);
        return Double.isNaN(stats[1]) ? mean : mean + " ± " + String.format(Locale.ROOT, format, stats[1]);
    }

    private static void charts(Path dir, BenchSettings settings, List<RunResult> results, List<Group> groups) {
        List<Charts.Line> lines = new ArrayList<>();
        for (RunResult result : results) {
            List<double[]> curve = result.lossCurve();
            if (curve.isEmpty()) {
                continue;
            }
            int window = Math.max(1, curve.size() / 50);
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
            int window = Math.max(1, settings.pretrainSteps() / 50);
            Charts.write(Charts.lines("Pre-training loss" + (window > 1 ? " (moving mean of " + window + " steps)" : ""),
                    "step", "loss", lines), dir.resolve("loss.png"));
        }
        List<String> categories = groups.stream().map(group -> group.strategy() + " " + group.ratio()).toList();
        if (settings.evaluation() != BenchSettings.Evaluation.NONE) {
            double[][] top1 = column(groups, RunResult::top1, 100);
            Charts.write(Charts.bars("Top-1 accuracy after " + settings.evaluation().configName() + " (%)", "top-1 (%)",
                    categories, List.of(new Charts.Bars("top-1", top1[0], top1[1]))), dir.resolve("top1.png"));
        }
        double[][] rss = column(groups, RunResult::peakRssMb, 1);
        double[][] native_ = column(groups, RunResult::offHeapMb, 1);
        Charts.write(Charts.bars("Peak memory of pre-training (MB)", "MB", categories,
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

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
