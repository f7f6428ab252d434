package dev.adamae.runner.report;

import dev.adamae.engine.finetune.TestResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON fields of a classifier test, for {@code results.json}. */
public final class TestReport {

    private TestReport() {
    }

    /** Returns the fields of {@code result}: top-1 and top-5 (fractions), counts, views, classes and the confusion matrix. */
    public static Map<String, Object> fields(TestResult result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("top1", result.top1());
        fields.put("top5", result.top5());
        fields.put("clips", result.clips());
        fields.put("skipped", result.skipped());
        fields.put("views", result.temporalViews() + "x" + result.spatialViews());
        fields.put("classes", result.classNames());
        List<List<Integer>> rows = new ArrayList<>();
        for (int[] row : result.confusion()) {
            rows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        fields.put("confusion", rows);
        return fields;
    }
}
