package dev.adamae.runner.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The strategies of a benchmark ranked by mean top-1, each with its 95% interval, and its paired
 * differences in top-1 from the control ({@code none}, never pre-trained) and from the baseline:
 * for each seed, the strategy's top-1 minus the reference's with the same seed, then the mean and
 * interval of those differences. A difference whose interval excludes 0 is marked.
 */
final class Ranking {

    /**
     * One ranked row.
     *
     * @param vsControl the paired difference from the control, or {@code null} (none, or this is the control)
     * @param vsBaseline the paired difference from the baseline, or {@code null} (none, or this is the baseline)
     */
    record Row(BenchReport.Group group, MeanInterval top1, MeanInterval vsControl, MeanInterval vsBaseline) {
    }

    private final List<Row> rows;
    private final BenchReport.Group control;
    private final BenchReport.Group baseline;
    private final String baselineName;

    private Ranking(List<Row> rows, BenchReport.Group control, BenchReport.Group baseline, String baselineName) {
        this.rows = rows;
        this.control = control;
        this.baseline = baseline;
        this.baselineName = baselineName;
    }

    /** Ranks the groups that have a top-1, the highest mean first (ties in plan order). */
    static Ranking of(BenchSettings settings, List<BenchReport.Group> groups) {
        BenchReport.Group control = groups.stream().filter(BenchReport.Group::control).findFirst().orElse(null);
        BenchReport.Group baseline = settings.baselineEntry().flatMap(entry -> groups.stream()
                .filter(group -> !group.control() && group.strategy().equals(entry.strategy())
                        && group.ratio().equals(BenchRun.ratioText(entry.ratio()))).findFirst()).orElse(null);
        List<Row> rows = new ArrayList<>();
        for (BenchReport.Group group : groups) {
            MeanInterval top1 = MeanInterval.of(group.values(RunResult::top1));
            if (top1 == null) {
                continue;
            }
            rows.add(new Row(group, top1, control == null || group == control ? null : paired(group, control),
                    baseline == null || group == baseline ? null : paired(group, baseline)));
        }
        rows.sort(Comparator.comparingDouble((Row row) -> row.top1().mean()).reversed());
        return new Ranking(List.copyOf(rows), control, baseline, settings.baseline());
    }

    /** Returns the paired difference of top-1, {@code group} minus {@code reference}, over the seeds both finished. */
    static MeanInterval paired(BenchReport.Group group, BenchReport.Group reference) {
        List<Double> differences = new ArrayList<>();
        for (RunResult result : group.finished()) {
            Double own = result.top1();
            Double theirs = reference.valueOf(result.run().seed(), RunResult::top1);
            if (own != null && Double.isFinite(own) && theirs != null) {
                differences.add(own - theirs);
            }
        }
        return MeanInterval.of(differences);
    }

    List<Row> rows() {
        return rows;
    }

    /** Returns the ranking as a Markdown section, with the legend; empty while no run has a top-1. */
    String markdown(double chance) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Ranking by top-1\n\n| Rank | Strategy | Ratio | Seeds | Top-1 [95% interval] |");
        if (control != null) {
            md.append(" vs none [95% interval] |");
        }
        if (baseline != null) {
            md.append(" vs ").append(baseline.label()).append(" [95% interval] |");
        }
        md.append("\n|---:|---|---:|---:|---:|").append(control != null ? "---:|" : "").append(baseline != null ? "---:|" : "")
                .append('\n');
        boolean single = false;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            single |= !row.top1().hasInterval();
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %s |", i + 1, row.group().strategy(),
                    row.group().ratio(), row.top1().n(), row.top1().text(4, false)));
            if (control != null) {
                md.append(' ').append(difference(row.vsControl())).append(" |");
            }
            if (baseline != null) {
                md.append(' ').append(difference(row.vsBaseline())).append(" |");
            }
            md.append('\n');
        }
        md.append("\nTop-1 is the mean over seeds with its 95% interval, mean ± t(0.975, n-1) × s / √n (Student's t, "
                + "s the sample standard deviation of the n seeds). The differences are paired: for each seed, the "
                + "strategy's top-1 minus the reference's with the same seed (same evaluation settings), then the "
                + "mean and interval of those differences over the seeds both finished. ")
                .append(BenchReport.MARK).append(": the interval excludes 0.");
        if (Double.isFinite(chance)) {
            md.append(String.format(Locale.ROOT, " Chance is %.4f.", chance));
        }
        md.append('\n');
        if (single) {
            md.append("\nWith a single seed there is no interval: the figures are that seed's alone.\n");
        }
        if (baseline == null) {
            md.append("\nThe baseline ").append(baselineName).append(" (adamae.bench.baseline) is not among the runs: "
                    + (control != null ? "only the control comparison." : "no comparison.")).append('\n');
        }
        return md.toString();
    }

    private static String difference(MeanInterval difference) {
        if (difference == null) {
            return "-";
        }
        return difference.text(4, true) + (difference.excludesZero() ? " " + BenchReport.MARK : "");
    }

    /** Returns the ranking as JSON rows: rank, strategy, ratio, top-1 and the differences, each with its interval. */
    List<Map<String, Object>> fields() {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("rank", i + 1);
            item.put("strategy", row.group().strategy());
            item.put("ratio", row.group().control() ? null : Double.parseDouble(row.group().ratio()));
            item.put("top1", row.top1().fields());
            item.put("vs_none", comparison(row.vsControl()));
            item.put("vs_baseline", comparison(row.vsBaseline()));
            item.put("baseline", baseline == null ? null : baseline.strategy() + ":" + baseline.ratio());
            fields.add(item);
        }
        return fields;
    }

    private static Map<String, Object> comparison(MeanInterval difference) {
        if (difference == null) {
            return null;
        }
        Map<String, Object> fields = difference.fields();
        fields.put("excludes_zero", difference.excludesZero());
        return fields;
    }
}
