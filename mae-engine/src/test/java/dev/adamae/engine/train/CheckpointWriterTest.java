package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checkpoints written in bulk, array by array, in the format checkpoints always had: each entry
 * the bytes {@code Nd4j.write} writes, so that checkpoints of earlier builds read as before and
 * those of this build read with a plain zip reader and {@code Nd4j.read}.
 */
class CheckpointWriterTest {

    @TempDir
    Path dir;

    /** Arrays of every rank the models have, one larger than the writer's first buffer, one in column order and one a view. */
    private static Map<String, INDArray> arrays() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("rank1", random(7));
        arrays.put("rank2", random(3, 5));
        arrays.put("rank3", random(1, 4, 6));
        arrays.put("rank5", random(2, 3, 2, 2, 4));
        arrays.put("large", random(70_000));
        arrays.put("columns", random(4, 6).dup('f'));
        arrays.put("view", random(6, 5).getRow(2));
        return arrays;
    }

    private static INDArray random(long... shape) {
        SplittableRandom random = new SplittableRandom(shape.length * 31L + shape[0]);
        INDArray array = Nd4j.create(DataType.FLOAT, shape);
        float[] values = new float[(int) array.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Nd4j.create(values, shape, 'c');
    }

    private static byte[] ndWrite(INDArray array) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(array, out);
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private static Properties identity() {
        Properties identity = new Properties();
        identity.setProperty("seed", "1");
        return identity;
    }

    @Test
    void everyArrayEntryHoldsExactlyTheBytesNd4jWriteWritesAndReadsBackAsNd4jReadReadsIt() throws IOException {
        Map<String, INDArray> arrays = arrays();
        Map<String, INDArray> moments = new LinkedHashMap<>();
        arrays.forEach((name, array) -> moments.put(name, array.mul(0.5)));
        Path file = dir.resolve("step-000000002.ckpt");
        CheckpointStore.writeFile(file, new TrainingState(2, identity(), arrays, 2, moments, moments));

        Map<String, byte[]> entries = entries(file);
        for (Map.Entry<String, INDArray> array : arrays.entrySet()) {
            byte[] entry = entries.get(CheckpointStore.PARAMETERS + array.getKey());
            assertThat(entry).as(array.getKey()).isEqualTo(ndWrite(array.getValue()));
            assertThat(entries.get(CheckpointStore.SECOND_MOMENTS + array.getKey())).as(array.getKey())
                    .isEqualTo(ndWrite(moments.get(array.getKey())));
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
                assertThat(Nd4j.read(in)).as(array.getKey()).isEqualTo(array.getValue());
            }
        }
        TrainingState read = CheckpointStore.read(file);
        assertThat(read.parameters()).containsOnlyKeys(arrays.keySet());
        arrays.forEach((name, array) -> assertThat(read.parameters().get(name)).as(name).isEqualTo(array));
    }

    @Test
    void streamedParametersAreTheBytesOfTheSameArraysAndTheCheckpointHasNoOptimiserState() throws IOException {
        Map<String, INDArray> arrays = arrays();
        arrays.remove("view");
        Path file = dir.resolve("imported.ckpt");
        CheckpointWriter.writeWeights(file, identity(), arrays.size(), out -> {
            for (Map.Entry<String, INDArray> array : new TreeMap<>(arrays).entrySet()) {
                // The values in the array's own order ("columns" is column-major).
                float[] values = array.getValue().data().asFloat();
                // From a buffer whose values start past its beginning: the writer reads what remains.
                FloatBuffer buffer = FloatBuffer.allocate(values.length + 3).position(3);
                buffer.put(values).position(3);
                out.parameter(array.getKey(), array.getValue().shape(), array.getValue().ordering(), buffer);
                assertThat(buffer.position()).isEqualTo(3);
            }
        });

        Map<String, byte[]> entries = entries(file);
        assertThat(entries.keySet()).allMatch(name -> name.equals(CheckpointStore.MANIFEST)
                || name.startsWith(CheckpointStore.PARAMETERS));
        for (Map.Entry<String, INDArray> array : arrays.entrySet()) {
            assertThat(entries.get(CheckpointStore.PARAMETERS + array.getKey())).as(array.getKey())
                    .isEqualTo(ndWrite(array.getValue()));
        }
        TrainingState read = CheckpointStore.read(file);
        arrays.forEach((name, array) -> assertThat(read.parameters().get(name)).as(name).isEqualTo(array));
        assertThat(read.parameters().get("columns").ordering()).isEqualTo('f');
        assertThat(read.step()).isZero();
        assertThat(read.optimiserUpdates()).isZero();
        assertThat(read.firstMoments()).isEmpty();
        assertThat(read.identity().getProperty("seed")).isEqualTo("1");
    }

    @Test
    void aCheckpointAsEarlierBuildsWroteItValueByValueAndDeflatedStillReads() throws IOException {
        Map<String, INDArray> arrays = arrays();
        Path file = dir.resolve("step-000000000.ckpt");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry(CheckpointStore.MANIFEST));
            CheckpointStore.manifest(0, 0, arrays.size(), identity(), DataSkips.NONE).store(zip, "AdaMAE-J checkpoint");
            zip.closeEntry();
            DataOutputStream data = new DataOutputStream(zip);
            for (Map.Entry<String, INDArray> array : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(CheckpointStore.PARAMETERS + array.getKey()));
                Nd4j.write(array.getValue(), data);
                data.flush();
                zip.closeEntry();
            }
        }
        TrainingState read = CheckpointStore.read(file);
        arrays.forEach((name, array) -> assertThat(read.parameters().get(name)).as(name).isEqualTo(array));
    }

    @Test
    void aWriterGivenAnotherNumberOfParametersThanItsManifestSaysLeavesNoFile() {
        Path file = dir.resolve("short.ckpt");
        assertThatThrownBy(() -> CheckpointWriter.writeWeights(file, identity(), 2,
                out -> out.parameter("a", new long[] {2}, FloatBuffer.wrap(new float[] {1, 2}))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("A checkpoint of 2 parameters was given 1");
        assertThat(file).doesNotExist();
        assertThat(AtomicFiles.temporaryOf(file)).doesNotExist();
        assertThatThrownBy(() -> CheckpointWriter.writeWeights(file, identity(), 1,
                out -> out.parameter("a", new long[] {2, 2}, FloatBuffer.wrap(new float[] {1, 2}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Parameter a of shape [2, 2] has 4 values, given 2");
        assertThat(AtomicFiles.temporaryOf(file)).doesNotExist();
    }
}
