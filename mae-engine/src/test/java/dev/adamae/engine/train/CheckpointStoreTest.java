package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checkpoints written only with finite weights, and read only after every manifest field and
 * entry was checked, with memory bounded by the file's size and the model's shapes.
 */
class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static TrainingState state(long step, float weight) {
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        parameters.put("a", Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, weight}}));
        parameters.put("b", Nd4j.createFromArray(new float[] {1, 2, 3, 4}));
        Map<String, INDArray> first = new LinkedHashMap<>();
        Map<String, INDArray> second = new LinkedHashMap<>();
        parameters.forEach((name, array) -> {
            first.put(name, array.mul(0.1));
            second.put(name, array.mul(0.01));
        });
        Properties identity = new Properties();
        identity.setProperty("seed", "1");
        return new TrainingState(step, identity, parameters, step, first, second);
    }

    private Path written() {
        return new CheckpointStore(dir, 5).write(state(3, 6));
    }

    /** Rewrites a checkpoint's entries: {@code change} gets each entry's name and bytes and returns new bytes, or null to drop it. */
    private static void rewrite(Path file, BiFunction<String, byte[], byte[]> change)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                byte[] bytes = change.apply(entry.getKey(), entry.getValue());
                if (bytes != null) {
                    zip.putNextEntry(new ZipEntry(entry.getKey()));
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
        }
    }

    private static void rewriteManifest(Path file, UnaryOperator<String> change) throws IOException {
        rewrite(file, (name, bytes) -> name.equals("manifest.properties")
                ? change.apply(new String(bytes, StandardCharsets.ISO_8859_1))
                        .getBytes(StandardCharsets.ISO_8859_1)
                : bytes);
    }

    @Test
    void aWrittenCheckpointReadsBackWithEveryArray() {
        TrainingState read = CheckpointStore.read(written());
        assertThat(read.step()).isEqualTo(3);
        assertThat(read.optimiserUpdates()).isEqualTo(3);
        assertThat(read.parameters().get("a").getFloat(1, 2)).isEqualTo(6f);
        assertThat(read.firstMoments()).containsOnlyKeys("a", "b");
        assertThat(read.identity().getProperty("seed")).isEqualTo("1");
    }

    @Test
    void everyCraftedManifestFieldIsRefusedNamingTheField() throws IOException {
        Map<String, UnaryOperator<String>> crafted = new LinkedHashMap<>();
        crafted.put("parameters is 'abc'", text -> text.replaceAll("(?m)^parameters=.*$", "parameters=abc"));
        crafted.put("has no step", text -> text.replaceAll("(?m)^step=.*$", ""));
        crafted.put("step is '-5'", text -> text.replaceAll("(?m)^step=.*$", "step=-5"));
        crafted.put("step is '999999999999'", text -> text.replaceAll("(?m)^step=.*$", "step=999999999999"));
        crafted.put("optimiser-updates is '4'", text -> text.replaceAll("(?m)^optimiser-updates=.*$",
                "optimiser-updates=4"));
        crafted.put("unknown field learning-rate", text -> text + "learning-rate=1\n");
        crafted.put("data.skipped-clips = 'abc' is not a count", text -> text.replaceAll("(?m)^data.skipped-clips=.*$",
                "data.skipped-clips=abc"));
        crafted.put("skipped-clip counts do not add up", text -> text.replaceAll("(?m)^data.skipped-clips=.*$",
                "data.skipped-clips=7"));
        for (Map.Entry<String, UnaryOperator<String>> craft : crafted.entrySet()) {
            Path file = written();
            rewriteManifest(file, craft.getValue());
            assertThatThrownBy(() -> CheckpointStore.read(file)).as(craft.getKey())
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(craft.getKey());
        }
    }

    @Test
    void aStepThatIsNotTheOneInTheFileNameIsRefused() throws IOException {
        Path file = written();
        rewriteManifest(file, text -> text.replaceAll("(?m)^step=.*$", "step=2")
                .replaceAll("(?m)^optimiser-updates=.*$", "optimiser-updates=2"));
        assertThatThrownBy(() -> CheckpointStore.read(file))
                .hasMessageContaining("its manifest says step 2 but its name says step 3");
    }

    @Test
    void aCheckpointWithoutOptimiserStateCannotResumeARun() throws IOException {
        Path file = written();
        rewrite(file, (name, bytes) -> name.startsWith("adamw/") ? null : bytes);
        assertThatThrownBy(() -> CheckpointStore.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("its optimiser state (3 updates) has moments for 0 of its 2 parameters");
    }

    @Test
    void anEntryNoCheckpointHasIsRefused() throws IOException {
        Path file = written();
        appendEntries(file, Map.of("notes/readme.txt", new byte[] {1}));
        assertThatThrownBy(() -> CheckpointStore.read(file))
                .hasMessageContaining("it holds notes/readme.txt, which no checkpoint has");
    }

    private static void appendEntries(Path file, Map<String, byte[]> extra) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        entries.putAll(extra);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }

    @Test
    void anArrayOfAnotherShapeThanTheModelsIsRefusedFromItsHeader() {
        Path file = written();
        assertThatThrownBy(() -> CheckpointStore.read(file, Map.of("a", new long[] {3, 2})))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("does not fit this model: a is [2, 3], the model's [3, 2]");
    }

    @Test
    void aHugeDeclaredArrayIsRefusedBeforeItIsAllocated() throws IOException {
        Path file = written();
        // 1.5e9 floats (6 GB) declared, 512 kB held.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(6);
            out.writeUTF("LONG");
            for (long value : new long[] {1, 1_500_000_000L, 1, 8192, 1, 99}) {
                out.writeLong(value);
            }
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(1_500_000_000L);
            out.writeUTF("FLOAT");
            out.write(new byte[512 * 1024]);
        }
        rewrite(file, (name, old) -> name.equals("parameters/b") ? bytes.toByteArray() : old);
        assertThatThrownBy(() -> CheckpointStore.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("parameters/b declares 1500000000 values (6000000000 bytes) but holds 524288 bytes");
        assertThatThrownBy(() -> CheckpointStore.read(file, Map.of("b", new long[] {4})))
                .hasMessageContaining("parameters/b inflates to more than");
    }

    @Test
    void aZipBombIsRefusedAsSoonAsItInflatesBeyondWhatTheFileCanHold() throws IOException {
        Path file = written();
        // 64 MB of zeros deflate to about 64 kB.
        byte[] zeros = new byte[64 << 20];
        rewrite(file, (name, old) -> name.equals("parameters/b") ? zeros : old);
        assertThat(Files.size(file)).isLessThan(1 << 20);
        assertThatThrownBy(() -> CheckpointStore.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("parameters/b inflates to more than")
                .hasMessageContaining("a zip bomb");
    }

    @Test
    void aStateWithANonFiniteWeightIsNeverWrittenAndTheLastGoodCheckpointIsNamed() {
        CheckpointStore store = new CheckpointStore(dir, 5);
        Path good = store.write(state(2, 6));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> store.write(state(4, bad)))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("The weight a is not finite after step 4")
                    .hasMessageContaining("the last good checkpoint is " + good);
        }
        assertThat(store.steps()).containsExactly(2L);
    }

    @Test
    void theFolderHoldsNoTemporaryFileAfterWrites() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 1);
        store.write(state(1, 6));
        store.write(state(2, 6));
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("step-000000002.ckpt");
        }
    }
}
