package dev.adamae.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.runner.Console;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Prints a command's report: one JSON object, or one line a field with the keys in a column. */
final class Reports {

    private Reports() {
    }

    /**
     * Prints {@code report} to standard output and flushes it: as one JSON object, or one
     * {@code key value} line a field, keys padded to {@code keyWidth}; a list value is printed as
     * its key on a line and one indented line per element.
     */
    static void print(Console console, Map<String, Object> report, boolean json, int keyWidth) {
        if (json) {
            try {
                console.out().println(new ObjectMapper().writeValueAsString(report));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            report.forEach((key, value) -> {
                if (value instanceof List<?> rows) {
                    console.out().printf("%s%n", key);
                    rows.forEach(row -> console.out().printf("  %s%n", row));
                } else {
                    console.out().printf("%-" + keyWidth + "s %s%n", key, value);
                }
            });
        }
        console.out().flush();
    }
}
