package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics of a resumed run: the lines up to the checkpoint, rewritten atomically, and nothing broken. */
class MetricsLogTest {

    @TempDir
    Path dir;

    private static String line(long step) {
        return "{\"step\":" + step + ",\"loss\":0.5}";
    }

    @Test
    void aResumeKeepsTheCompleteLinesUpToItsStepByReplacingTheFileWhole() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        List<String> lines = new ArrayList<>();
        for (long step = 1; step <= 10; step++) {
            lines.add(line(step));
        }
        // A kill cut the last line short; a line of bytes that are not UTF-8 is not ours either.
        Files.write(file, (String.join("\n", lines.subList(0, 4)) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, new byte[] {'{', '"', 's', 't', 'e', 'p', '"', ':', '5', ',', (byte) 0xE9, '}', '\n'},
                StandardOpenOption.APPEND);
        Files.writeString(file, String.join("\n", lines.subList(5, 10)) + "\n{\"step\":11,\"lo",
                StandardOpenOption.APPEND);
        Object before = Files.getAttribute(file, "unix:ino");

        MetricsLog log = new MetricsLog(file);
        log.onStart(20, 30);
        log.onEnd();

        assertThat(Files.readAllLines(file)).containsExactlyElementsOf(
                List.of(line(1), line(2), line(3), line(4), line(6), line(7), line(8), line(9), line(10)));
        assertThat(Files.getAttribute(file, "unix:ino")).as("replaced by a rename, not truncated").isNotEqualTo(before);

        log = new MetricsLog(file);
        log.onStart(3, 30);
        log.onEnd();
        assertThat(Files.readAllLines(file)).containsExactly(line(1), line(2), line(3));
        assertThat(AtomicFiles.temporaryOf(file)).doesNotExist();
    }
}
