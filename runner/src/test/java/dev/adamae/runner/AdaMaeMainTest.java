package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adamae.runner.bench.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaMaeMainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void strategiesListsTheBuiltInStrategiesWithVersionAndSource() {
        CommandLineRun run = CommandLineRun.of("strategies");
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("VERSION", "SPI", "SOURCE", "DESCRIPTION");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("tube ").contains("classpath", "VideoMAE"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("frame ").contains("1.0"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("random-patch "));
    }

    @Test
    void aBatchThatCannotFitIsRefusedAtStartUpWithTheEstimateAndNothingIsWritten(@TempDir Path work) {
        Path out = work.resolve("run");
        CommandLineRun run = CommandLineRun.of("pretrain", "--preset", "test", "--batch", "65536", "--steps", "1",
                "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                .startsWith("adamae: Batch size 65536 (adamae.train.batch-size, --batch) cannot fit: ")
                .containsPattern("needs at least \\d+\\.\\d GB of native memory|takes \\d+\\.\\d GB of heap")
                .contains("the largest batch that might is about");
        assertThat(out).doesNotExist();

        CommandLineRun masks = CommandLineRun.of("masks", "--preset", "test", "--batch", "100000");
        assertThat(masks.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(masks.err()).contains("--batch must be from 1 to 65536, got 100000");
    }

    @Test
    void aPluginsFolderThatDoesNotExistIsRefusedInOneLine() {
        CommandLineRun run = CommandLineRun.of("strategies", "--plugins", "no/such/plugins");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).isEqualTo("adamae: Plugins folder no/such/plugins (--plugins): no such folder"
                + System.lineSeparator());
    }

    @Test
    void masksShowTheRatioTheRoundingToWholeTokensReallyHides() throws Exception {
        CommandLineRun text = CommandLineRun.of("masks", "--strategy", "tube", "--ratio", "0.9", "--preset", "tiny");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("tube at ratio 0.9 (hides 0.891) on grid 8x8x8 (512 tokens): 56 visible");
        CommandLineRun json = CommandLineRun.of("masks", "--strategy", "tube", "--ratio", "0.9", "--preset", "tiny",
                "--json");
        assertThat(JSON.readTree(json.out()).get("effective_ratio").asDouble()).isEqualTo(0.891);
    }

    @Test
    void masksAsJsonIsOneObjectWithTheStrategyRatioGridAndVisibleIndices() throws Exception {
        CommandLineRun run = CommandLineRun.of("masks", "--strategy", "tube", "--ratio", "0.75", "--preset", "tiny",
                "--seed", "3", "--batch", "2", "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().count()).isEqualTo(1);
        JsonNode document = JSON.readTree(run.out());
        assertThat(document.get("strategy").asText()).isEqualTo("tube");
        assertThat(document.get("ratio").asDouble()).isEqualTo(0.75);
        assertThat(document.get("effective_ratio").asDouble()).isEqualTo(0.75);
        assertThat(document.get("grid").get("t").asInt()).isEqualTo(8);
        assertThat(document.get("grid").get("h").asInt()).isEqualTo(8);
        assertThat(document.get("grid").get("w").asInt()).isEqualTo(8);
        assertThat(document.get("visible")).hasSize(2);
        for (JsonNode clip : document.get("visible")) {
            List<Integer> indices = new ArrayList<>();
            clip.forEach(index -> indices.add(index.asInt()));
            assertThat(indices).hasSize(8 * 16).isSorted().doesNotHaveDuplicates()
                    .allSatisfy(index -> assertThat(index).isBetween(0, 511));
        }
    }

    @Test
    void theSameSeedPrintsTheSameMasksAndAnotherSeedOthers() {
        String[] args = {"masks", "--strategy", "random-patch", "--preset", "test", "--json", "--batch", "2"};
        String first = CommandLineRun.of(concat(args, "--seed", "5")).out();
        assertThat(CommandLineRun.of(concat(args, "--seed", "5")).out()).isEqualTo(first);
        assertThat(CommandLineRun.of(concat(args, "--seed", "6")).out()).isNotEqualTo(first);
    }

    @Test
    void masksAsJsonIsTheSameBytesFromOneProcessToTheNextWithTheGridKeysInOrder() throws Exception {
        // Two JVMs: an unordered map iterates in one order for the life of a JVM and in another
        // in the next, so only separate processes can show the difference.
        List<String> args = List.of("masks", "--strategy", "tube", "--ratio", "0.75", "--preset", "test", "--seed", "2",
                "--json");
        byte[] first = outputOf(args);
        byte[] second = outputOf(args);
        assertThat(second).isEqualTo(first);
        String text = new String(first, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"strategy\":\"tube\",\"ratio\":0.75,\"effective_ratio\":0.75,\"seed\":2,"
                + "\"grid\":{\"t\":2,\"h\":4,\"w\":4},"
                + "\"visible\":[[");
        assertThat(CommandLineRun.of(args.toArray(String[]::new)).out().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(first);
    }

    private static byte[] outputOf(List<String> args) throws Exception {
        Process process = new ProcessBuilder(ChildJvm.command(args)).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).isZero();
        return output;
    }

    @Test
    void masksWithoutJsonDrawsEachTimeSliceWithVisibleAndHiddenMarks() {
        CommandLineRun run = CommandLineRun.of("masks", "--strategy", "frame", "--ratio", "0.5", "--preset", "test");
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).contains("frame", "0.5", "2x4x4", "16 visible");
        int header = lines.indexOf("t=0   t=1");
        assertThat(header).isPositive();
        List<String> rows = lines.subList(header + 1, header + 5);
        // Frame masking at 0.5 on two slices: one slice all visible, the other all hidden.
        assertThat(rows).allSatisfy(row -> assertThat(row).isIn("####  ....", "....  ####"));
        assertThat(rows).containsOnly(rows.get(0));
    }

    @Test
    void anUnknownStrategyFailsWithOneLineListingTheKnownOnes() {
        CommandLineRun run = CommandLineRun.of("masks", "--strategy", "tubes");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().lines().toList()).containsExactly(
                "adamae: Unknown masking strategy 'tubes'; known strategies: [adaptive, frame, motion-guided, random-patch, running-cell, tube]");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRatioOutOfRangeFailsNamingTheSetting() {
        CommandLineRun run = CommandLineRun.of("masks", "--ratio", "1.5");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).isEqualTo("adamae: Invalid setting adamae.masking.ratio = 1.5 (command line): "
                + "a mask ratio must be strictly between 0 and 1" + System.lineSeparator());
    }

    @Test
    void aRatioTheStrategyCannotHonourOnThePresetFailsNamingIt() {
        CommandLineRun run = CommandLineRun.of("masks", "--strategy", "frame", "--ratio", "0.2", "--preset", "test");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).startsWith("adamae: Invalid setting adamae.masking.ratio = 0.2").contains("frame");
    }

    @Test
    void everySettingIsCheckedAtStartUpWhateverTheCommand() {
        CommandLineRun run = CommandLineRun.of("strategies", "--set", "adamae.model.encoder.heads=5");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).startsWith("adamae: Invalid setting adamae.model.encoder.heads = 5")
                .contains("must divide the width 192");
    }

    @Test
    void anUnknownOptionFailsWithAHint() {
        CommandLineRun run = CommandLineRun.of("masks", "--colour");
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("Unknown option: '--colour'").contains("adamae masks --help");
    }

    @Test
    void helpOfEachCommandExitsCleanly() {
        for (String command : List.of("strategies", "masks")) {
            CommandLineRun run = CommandLineRun.of(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: adamae " + command);
        }
    }

    @Test
    void noCommandPrintsTheUsageAndFails() {
        CommandLineRun run = CommandLineRun.of();
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("Commands:").contains("strategies").contains("masks");
    }

    private static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
