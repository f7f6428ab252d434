package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running-cell plugin as the command line uses it: built in, previewed by {@code masks}, trained by {@code pretrain}. */
class RunningCellCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void strategiesListsRunningCellAsBuiltIn() {
        CommandLineRun run = CommandLineRun.of("strategies");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).anySatisfy(line -> assertThat(line).startsWith("running-cell ")
                .contains("classpath", "VideoMAE V2"));
    }

    @Test
    void masksAtTinyShowsHalfOfEveryCellRunningOverTime() throws Exception {
        CommandLineRun run = CommandLineRun.of("masks", "--strategy", "running-cell", "--ratio", "0.5", "--preset", "tiny",
                "--seed", "4", "--batch", "3", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode document = JSON.readTree(run.out());
        assertThat(document.get("strategy").asText()).isEqualTo("running-cell");
        JsonNode grid = document.get("grid");
        assertThat(List.of(grid.get("t").asInt(), grid.get("h").asInt(), grid.get("w").asInt())).containsExactly(8, 8, 8);
        for (JsonNode clip : document.get("visible")) {
            Set<Integer> visible = new HashSet<>();
            clip.forEach(index -> visible.add(index.asInt()));
            assertThat(visible).hasSize(256);
            for (int t = 0; t < 8; t++) {
                // Every 2x2 cell of a slice shows the same two tokens as the top-left cell does.
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        assertThat(visible.contains((t * 8 + y) * 8 + x)).as("slice %d, (%d, %d)", t, y, x)
                                .isEqualTo(visible.contains((t * 8 + y % 2) * 8 + x % 2));
                    }
                }
                // From one slice to the next, the cell's visible tokens step back one in reading order.
                if (t > 0) {
                    for (int c = 0; c < 4; c++) {
                        int stepped = Math.floorMod(c - 1, 4);
                        assertThat(visible.contains((t * 8 + stepped / 2) * 8 + stepped % 2))
                                .as("slice %d, cell token %d", t, stepped)
                                .isEqualTo(visible.contains(((t - 1) * 8 + c / 2) * 8 + c % 2));
                    }
                }
            }
        }

        CommandLineRun text = CommandLineRun.of("masks", "--strategy", "running-cell", "--ratio", "0.5", "--preset",
                "tiny");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out().lines().findFirst().orElseThrow()).contains("running-cell", "0.5", "8x8x8", "256 visible");
    }

    @Test
    void aRatioThatIsNotAWholeShareOfTheCellFailsInOneLineNamingTheSetting() {
        CommandLineRun run = CommandLineRun.of("masks", "--strategy", "running-cell", "--ratio", "0.9", "--preset",
                "tiny");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                .isEqualTo("adamae: Invalid setting adamae.masking.ratio = 0.9 (command line): running-cell cannot use "
                        + "it: Mask ratio 0.9 is not a whole share of a 2x2 cell (1, 2 or 3 of its 4 tokens hidden): "
                        + "use 0.25, 0.5 or 0.75");
    }

    @Test
    void pretrainRunsWithRunningCellAsTheEncoderMask(@TempDir Path work) throws Exception {
        Path out = work.resolve("run");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--steps", "2", "--batch", "2",
                "--strategy", "running-cell", "--ratio", "0.5", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(2);
        assertThat(Files.readString(out.resolve("config.conf"))).contains("running-cell");
    }
}
