package dev.adamae.runner.visual;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Says in a few words how two models differ, from the descriptions a checkpoint stores: the text
 * of {@link dev.adamae.engine.ModelSettings}, e.g. {@code ModelSettings[clipFrames=16, ...,
 * encoder=Transformer[width=192, depth=6, heads=3, mlpRatio=4.0], ...]}.
 */
final class ModelDifference {

    private ModelDifference() {
    }

    /**
     * Returns the first field whose value differs, e.g. {@code its encoder.width is 192, the
     * model's 32}, or both descriptions whole when they cannot be read field by field.
     */
    static String between(String trained, String configured) {
        Map<String, String> theirs = fields(trained);
        Map<String, String> ours = fields(configured);
        if (theirs != null && ours != null && theirs.keySet().equals(ours.keySet())) {
            for (Map.Entry<String, String> field : ours.entrySet()) {
                String value = theirs.get(field.getKey());
                if (!Objects.equals(value, field.getValue())) {
                    return "its " + field.getKey() + " is " + value + ", the model's " + field.getValue();
                }
            }
        }
        return "it was trained for " + trained + ", the model is " + configured;
    }

    /** Returns the fields of a record's text, nested ones as {@code outer.inner}, or {@code null} if it is not one. */
    private static Map<String, String> fields(String text) {
        int open = text.indexOf('[');
        if (open < 0 || !text.endsWith("]")) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String prefix = "";
        for (String part : text.substring(open + 1, text.length() - 1).split(", ")) {
            String token = part;
            boolean closes = token.endsWith("]");
            if (closes) {
                token = token.substring(0, token.length() - 1);
            }
            int nested = token.indexOf('[');
            if (nested >= 0) {
                prefix = token.substring(0, token.indexOf('=')) + ".";
                token = token.substring(nested + 1);
            }
            int equals = token.indexOf('=');
            if (equals <= 0) {
                return null;
            }
            fields.put(prefix + token.substring(0, equals), token.substring(equals + 1));
            if (closes) {
                prefix = "";
            }
        }
        return fields;
    }
}
