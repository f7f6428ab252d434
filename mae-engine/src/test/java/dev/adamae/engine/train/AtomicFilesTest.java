package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files replaced whole or not at all, with one line naming the file and the cause when they cannot be. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWriteReplacesTheFileByARenameAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("summary.json");
        Files.writeString(file, "old");
        Object before = Files.getAttribute(file, "unix:ino");
        AtomicFiles.writeString(file, "new");
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(Files.getAttribute(file, "unix:ino")).as("a new file renamed into place").isNotEqualTo(before);
        assertThat(AtomicFiles.temporaryOf(file)).doesNotExist();
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileAndNoTemporaryFileAndNamesTheCause() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[4096]);
            throw new IOException("No space left on device");
        }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot write " + file + ": No space left on device");
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(AtomicFiles.temporaryOf(file)).doesNotExist();
    }

    @Test
    void aFolderThatIsAFileIsNamedInOneLine() throws IOException {
        Path blocker = Files.writeString(dir.resolve("run"), "someone's file");
        assertThatThrownBy(() -> AtomicFiles.writeString(blocker.resolve("config.conf"), "x"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot write " + blocker.resolve("config.conf") + ": ")
                .hasMessageNotContaining("\n");
        assertThat(Files.readString(blocker)).isEqualTo("someone's file");
    }
}
