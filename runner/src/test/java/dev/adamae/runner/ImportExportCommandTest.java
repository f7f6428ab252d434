package dev.adamae.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.engine.train.CheckpointStore;
import dev.adamae.engine.train.TrainingState;
import dev.adamae.runner.weights.FloatTensor;
import dev.adamae.runner.weights.SafeTensors;
import dev.adamae.runner.weights.TensorEntry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code adamae import} and {@code adamae export}: round trips, and every mismatch refused in one line. */
class ImportExportCommandTest {

    @TempDir
    static Path work;

    private static Path checkpoint;
    private static Path exported;

    @BeforeAll
    static void exportAnAdaptiveRun() throws Exception {
        checkpoint = UntrainedRun.write(work.resolve("run"), "adaptive", 0.9);
        exported = work.resolve("adamae.safetensors");
        CommandLineRun export = CommandLineRun.of("export", "--preset", "test", "--checkpoint", checkpoint.toString(),
                "--to", exported.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 63 tensors");
    }

    static Map<String, FloatTensor> read(Path file) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        try (SafeTensors read = SafeTensors.open(file)) {
            for (TensorEntry entry : read.entries().values()) {
                tensors.put(entry.name(), new FloatTensor(entry.shape(), read.read(entry.name())));
            }
        }
        return tensors;
    }

    @Test
    void exportThenImportGivesBackEveryWeightBitForBit() {
        Path imported = work.resolve("imported.ckpt");
        CommandLineRun run = CommandLineRun.of("import", "--preset", "test", "--strategy", "adaptive", "--from",
                exported.toString(), "--out", imported.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        TrainingState original = CheckpointStore.read(checkpoint);
        TrainingState back = CheckpointStore.read(imported);
        assertThat(back.parameters().keySet()).isEqualTo(original.parameters().keySet());
        for (Map.Entry<String, INDArray> entry : original.parameters().entrySet()) {
            INDArray again = back.parameters().get(entry.getKey());
            assertThat(again.shape()).as(entry.getKey()).isEqualTo(entry.getValue().shape());
            // A linear layer's weight comes back in column order (the file's own order): the same values.
            assertThat(again.dup('c').data().asFloat()).as(entry.getKey()).isEqualTo(entry.getValue().data().asFloat());
        }
        assertThat(back.identity().getProperty("imported-from")).isEqualTo(exported.toAbsolutePath().toString());
        assertThat(back.identity().getProperty("strategy")).isEqualTo("adaptive");
    }

    /**
     * An import learns the model's variables from the settings and the sampler's own list and
     * writes the checkpoint by hand: ND4J's native backend never starts (a second or more of an
     * import's time otherwise). Run in a JVM of its own, which lists every class it loads.
     */
    @Test
    void anImportNeverStartsNd4jsBackend() throws Exception {
        Path imported = work.resolve("without-nd4j.ckpt");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-verbose:class",
                "-cp", System.getProperty("java.class.path"), AdaMaeMain.class.getName(),
                "import", "--preset", "test", "--strategy", "adaptive", "--from", exported.toString(),
                "--out", imported.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output.lines().filter(line -> !line.contains("[class,load]"))
                .collect(java.util.stream.Collectors.joining("\n"))).isZero();
        assertThat(output).contains("imported 63 tensors");
        assertThat(output.lines().filter(line -> line.contains("[class,load]")).count()).isGreaterThan(100);
        assertThat(output.lines().filter(line -> line.contains("[class,load]")
                && (line.contains(" org.nd4j.nativeblas.") || line.contains(" org.nd4j.linalg.cpu.nativecpu.")
                        || line.contains(" org.nd4j.linalg.factory.Nd4jBackend"))).toList())
                .as("classes of ND4J's native backend loaded by an import").isEmpty();
        assertThat(CheckpointStore.read(imported).parameters()).hasSize(63);
    }

    @Test
    void importThenExportOfAForeignFileGivesBackTheSameTensorsUnderTheSameNames() {
        Map<String, FloatTensor> foreign = read(exported);
        Path imported = work.resolve("foreign.ckpt");
        Path again = work.resolve("again.safetensors");
        assertThat(CommandLineRun.of("import", "--preset", "test", "--strategy", "adaptive", "--from",
                exported.toString(), "--out", imported.toString()).exitCode()).isZero();
        assertThat(CommandLineRun.of("export", "--preset", "test", "--checkpoint", imported.toString(), "--to",
                again.toString()).exitCode()).isZero();
        assertThat(read(again)).isEqualTo(foreign);
    }

    private static CommandLineRun importEdited(String name, java.util.function.Consumer<Map<String, FloatTensor>> edit,
            String... more) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(read(exported));
        edit.accept(tensors);
        Path file = work.resolve(name + ".safetensors");
        SafeTensors.write(file, tensors, Map.of());
        String[] arguments = {"import", "--preset", "test", "--strategy", "adaptive", "--from", file.toString(), "--out",
            work.resolve(name + ".ckpt").toString()};
        String[] all = java.util.Arrays.copyOf(arguments, arguments.length + more.length);
        System.arraycopy(more, 0, all, arguments.length, more.length);
        return CommandLineRun.of(all);
    }

    private static void assertRefusedInOneLine(CommandLineRun run, String name, String... words) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(words).contains("preset test");
        assertThat(work.resolve(name + ".ckpt")).doesNotExist();
    }

    @Test
    void aMissingKeyIsRefusedNamingItAndItsShapeAndNothingIsWritten() {
        CommandLineRun run = importEdited("missing", tensors -> tensors.remove("decoder.blocks.0.attn.q_bias"));
        assertRefusedInOneLine(run, "missing", "missing key decoder.blocks.0.attn.q_bias", "[16]");
    }

    @Test
    void aWrongShapeIsRefusedWithBothShapes() {
        CommandLineRun run = importEdited("shape", tensors -> tensors.put("mask_token",
                new FloatTensor(new long[] {1, 16}, new float[16])));
        assertRefusedInOneLine(run, "shape", "key mask_token is [1, 16] in the file, the preset's [1, 1, 16]");
    }

    @Test
    void anUnexpectedKeyIsRefusedNamingIt() {
        CommandLineRun run = importEdited("unexpected", tensors -> tensors.put("encoder.blocks.0.gamma_1",
                new FloatTensor(new long[] {32}, new float[32])));
        assertRefusedInOneLine(run, "unexpected", "unexpected key encoder.blocks.0.gamma_1 [32]", "layer scale");
    }

    @Test
    void aSamplersWeightsWithoutTheAdaptiveStrategySayWhichStrategyTheyNeed() {
        Path out = work.resolve("tube.ckpt");
        CommandLineRun run = CommandLineRun.of("import", "--preset", "test", "--strategy", "tube", "--from",
                exported.toString(), "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("unexpected key encoder.").contains("--strategy adaptive")
                .contains("more mismatches");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFileOfAnotherPresetIsRefusedWithTheFirstKeyThatDiffers() {
        Path out = work.resolve("tiny.ckpt");
        CommandLineRun run = CommandLineRun.of("import", "--preset", "tiny", "--strategy", "adaptive", "--from",
                exported.toString(), "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("does not fit preset tiny").contains("in the file, the preset's");
        assertThat(out).doesNotExist();
    }

    @Test
    void aPrefixIsStrippedOnImportAndAddedOnExport() {
        Path prefixed = work.resolve("ddp.safetensors");
        CommandLineRun export = CommandLineRun.of("export", "--preset", "test", "--checkpoint", checkpoint.toString(),
                "--to", prefixed.toString(), "--prefix", "module.");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(read(prefixed).keySet()).allMatch(key -> key.startsWith("module."));
        Path out = work.resolve("ddp.ckpt");
        CommandLineRun bare = CommandLineRun.of("import", "--preset", "test", "--strategy", "adaptive", "--from",
                prefixed.toString(), "--out", out.toString());
        assertThat(bare.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(bare.err()).contains("--prefix module.");
        CommandLineRun stripped = CommandLineRun.of("import", "--preset", "test", "--strategy", "adaptive", "--from",
                prefixed.toString(), "--prefix", "module.", "--out", out.toString());
        assertThat(stripped.exitCode()).as(stripped.err()).isZero();
    }

    @Test
    void anExistingOutputIsNeverOverwritten() {
        CommandLineRun run = CommandLineRun.of("import", "--preset", "test", "--strategy", "adaptive", "--from",
                exported.toString(), "--out", checkpoint.toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("already exists");
    }

    @Test
    void exportingAtAnotherPresetIsRefusedNamingIt() {
        CommandLineRun run = CommandLineRun.of("export", "--preset", "tiny", "--checkpoint", checkpoint.toString(),
                "--to", work.resolve("wrong.safetensors").toString());
        assertThat(run.exitCode()).isEqualTo(AdaMaeMain.USAGE);
        assertThat(run.err()).contains("another model than preset tiny");
        assertThat(work.resolve("wrong.safetensors")).doesNotExist();
    }

    /** Writes tensors as another writer might: each in its own dtype, BF16 by truncating fp32's bits. */
    private static Path writeWithDtypes(String name, Map<String, FloatTensor> tensors, Map<String, String> dtypes)
            throws Exception {
        StringBuilder header = new StringBuilder("{");
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
            String dtype = dtypes.getOrDefault(entry.getKey(), "F32");
            int begin = data.size();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * entry.getValue().values().length)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (float value : entry.getValue().values()) {
                switch (dtype) {
                    case "BF16" -> bytes.putShort((short) (Float.floatToRawIntBits(value) >>> 16));
                    case "I32" -> bytes.putInt((int) value);
                    default -> bytes.putFloat(value);
                }
            }
            data.write(bytes.array(), 0, bytes.position());
            header.append(header.length() > 1 ? "," : "").append('"').append(entry.getKey()).append("\":{\"dtype\":\"")
                    .append(dtype).append("\",\"shape\":").append(java.util.Arrays.toString(entry.getValue().shape())
                            .replace(" ", "")).append(",\"data_offsets\":[").append(begin).append(',')
                    .append(data.size()).append("]}");
        }
        byte[] json = header.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path file = work.resolve(name + ".safetensors");
        java.nio.ByteBuffer start = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.file.Files.write(file, start.putLong(json.length).array());
        java.nio.file.Files.write(file, json, java.nio.file.StandardOpenOption.APPEND);
        java.nio.file.Files.write(file, data.toByteArray(), java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    @Test
    void bfloat16WeightsImportAsTheirFloat32ValuesAndAnIntegerTensorIsRefused() throws Exception {
        Map<String, FloatTensor> tensors = read(exported);
        Map<String, String> dtypes = new LinkedHashMap<>();
        tensors.keySet().forEach(key -> dtypes.put(key, "BF16"));
        Path half = writeWithDtypes("bf16", tensors, dtypes);
        Path out = work.resolve("bf16.ckpt");
        CommandLineRun run = CommandLineRun.of("import", "--preset", "test", "--strategy", "adaptive", "--from",
                half.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        float[] original = tensors.get("encoder.blocks.0.attn.q_bias").values();
        float[] imported = CheckpointStore.read(out).parameters().get("encoder/block0/attention/query_bias")
                .data().asFloat();
        for (int i = 0; i < original.length; i++) {
            assertThat(imported[i]).isEqualTo(Float.intBitsToFloat(Float.floatToRawIntBits(original[i]) & 0xffff0000));
        }

        dtypes.clear();
        dtypes.put("mask_token", "I32");
        CommandLineRun integers = CommandLineRun.of("import", "--preset", "test", "--strategy", "adaptive", "--from",
                writeWithDtypes("i32", tensors, dtypes).toString(), "--out", work.resolve("i32.ckpt").toString());
        assertRefusedInOneLine(integers, "i32", "key mask_token [1, 1, 16] has dtype I32", "F32, F16 and BF16");
    }

    private static Path parity(String name) throws Exception {
        return Path.of(ImportExportCommandTest.class.getResource("/parity/" + name).toURI());
    }

    /** Small embedded sets keep each run to seconds. */
    private static final String[] SMALL = {"--preset", "test", "--set", "adamae.data.moving-sprites.clips=16",
        "--set", "adamae.data.validation.embedded.clips=8"};

    private static CommandLineRun small(String command, String... more) {
        String[] all = new String[1 + SMALL.length + more.length];
        all[0] = command;
        System.arraycopy(SMALL, 0, all, 1, SMALL.length);
        System.arraycopy(more, 0, all, 1 + SMALL.length, more.length);
        return CommandLineRun.of(all);
    }

    @Test
    void aCheckpointSavedByPyTorchImportsFineTunesTestsAndExportsBackWithTheSameTensors() throws Exception {
        // The worked sequence of docs/weights.md: import, finetune, eval; then the fine-tuned model back to PyTorch.
        Path imported = work.resolve("pytorch.ckpt");
        CommandLineRun run = small("import", "--strategy", "adaptive", "--from", parity("weights.pth").toString(),
                "--out", imported.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(CheckpointStore.read(imported).identity().getProperty("imported-format")).isEqualTo("pytorch");

        Path back = work.resolve("pytorch-back.safetensors");
        assertThat(small("export", "--checkpoint", imported.toString(), "--to", back.toString()).exitCode()).isZero();
        assertThat(read(back)).isEqualTo(read(parity("weights.safetensors")));

        Path finetuned = work.resolve("ft");
        CommandLineRun finetune = small("finetune", "--checkpoint", imported.toString(), "--steps", "2", "--batch", "4",
                "--out", finetuned.toString());
        assertThat(finetune.exitCode()).as(finetune.err()).isZero();
        Path classifier = finetuned.resolve("checkpoints/step-000000002.ckpt");
        CommandLineRun eval = small("eval", "--checkpoint", classifier.toString(), "--views", "1x1", "--out",
                work.resolve("eval").toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();

        // The fine-tuned classifier as the authors' VisionTransformer state dict, and back: the same test figures.
        Path exportedClassifier = work.resolve("classifier.safetensors");
        assertThat(small("export", "--checkpoint", classifier.toString(), "--to", exportedClassifier.toString())
                .exitCode()).isZero();
        assertThat(read(exportedClassifier).keySet()).contains("patch_embed.proj.weight", "blocks.1.attn.q_bias",
                "fc_norm.weight", "head.weight").noneMatch(key -> key.startsWith("encoder."));
        Path reimported = work.resolve("classifier.ckpt");
        CommandLineRun again = small("import", "--from", exportedClassifier.toString(), "--out", reimported.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("fine-tuning checkpoint");
        CommandLineRun evalAgain = small("eval", "--checkpoint", reimported.toString(), "--views", "1x1", "--out",
                work.resolve("eval-again").toString());
        assertThat(evalAgain.exitCode()).as(evalAgain.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var first = json.readTree(work.resolve("eval/results.json").toFile());
        var second = json.readTree(work.resolve("eval-again/results.json").toFile());
        for (String field : List.of("top1", "top5", "clips", "confusion")) {
            assertThat(second.get(field)).as(field).isEqualTo(first.get(field));
        }
    }
}
