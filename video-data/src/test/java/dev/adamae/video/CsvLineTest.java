package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvLineTest {

    @Test
    void commasSeparateQuotesEncloseAndDoubledQuotesEscape() {
        assertThat(CsvLine.split("a, \"b,c\",\"say \"\"hi\"\"\",,d"))
                .containsExactly("a", "b,c", "say \"hi\"", "", "d");
    }
}
