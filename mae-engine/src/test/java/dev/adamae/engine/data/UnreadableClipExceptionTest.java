package dev.adamae.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnreadableClipExceptionTest {

    @Test
    void aReasonGivenIsKeptAndNoneGivenIsUncategorised() {
        assertThat(new UnreadableClipException("a.mp4: file not found", "missing file").reason()).isEqualTo("missing file");
        assertThat(new UnreadableClipException("a.mp4: broken").reason()).isEqualTo(UnreadableClipException.UNCATEGORISED);
        assertThat(new UnreadableClipException("a.mp4: broken", new RuntimeException()).reason())
                .isEqualTo(UnreadableClipException.UNCATEGORISED);
        assertThat(new UnreadableClipException("a.mp4: broken", " ").reason()).isEqualTo(UnreadableClipException.UNCATEGORISED);
    }
}
