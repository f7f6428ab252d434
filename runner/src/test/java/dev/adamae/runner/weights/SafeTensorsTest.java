package dev.adamae.runner.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    /** A file as another writer would make it: header, then the bytes of each tensor. */
    private Path file(String header, byte[] data) throws Exception {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json).put(data);
        Path file = dir.resolve("w.safetensors");
        Files.write(file, bytes.array());
        return file;
    }

    @Test
    void writtenTensorsReadBackBitForBitInTheirOrder() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("z.weight", new FloatTensor(new long[] {2, 2}, new float[] {1f, -0f, Float.MIN_VALUE, Float.NaN}));
        tensors.put("a.bias", new FloatTensor(new long[] {3}, new float[] {1e-30f, 3.5f, -7f}));
        tensors.put("empty", new FloatTensor(new long[] {0, 4}, new float[0]));
        Path file = dir.resolve("out.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        try (SafeTensors read = SafeTensors.open(file)) {
            assertThat(read.entries().keySet()).containsExactly("z.weight", "a.bias", "empty");
            assertThat(read.metadata()).containsEntry("format", "pt");
            for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
                TensorEntry header = read.entries().get(entry.getKey());
                assertThat(header.dtype()).isEqualTo("F32");
                assertThat(header.shape()).isEqualTo(entry.getValue().shape());
                assertThat(new FloatTensor(header.shape(), read.read(entry.getKey()))).isEqualTo(entry.getValue());
                assertThat(read.readArray(entry.getKey()).shape()).isEqualTo(entry.getValue().shape());
                assertThat(read.readArray(entry.getKey()).data().asFloat()).isEqualTo(entry.getValue().values());
            }
        }
    }

    @Test
    void aTensorLargerThanAReadSliceIsReadWholeIntoAReusedArray() throws Exception {
        int count = SafeTensors.SLICE_BYTES / 4 + 1001;
        float[] large = new float[count];
        float[] half = new float[count];
        ByteBuffer halves = ByteBuffer.allocate(2 * count).order(ByteOrder.LITTLE_ENDIAN);
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        for (int i = 0; i < count; i++) {
            large[i] = (float) random.nextGaussian();
            // BF16 values: fp32 whose low 16 bits are zero.
            half[i] = Float.intBitsToFloat(Float.floatToIntBits(large[i]) & 0xffff0000);
            halves.putShort((short) (Float.floatToIntBits(half[i]) >>> 16));
        }
        ByteBuffer data = ByteBuffer.allocate(4 * count + 2 * count).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(large);
        data.position(4 * count);
        data.put(halves.array());
        Path file = file("{\"f\":{\"dtype\":\"F32\",\"shape\":[" + count + "],\"data_offsets\":[0," + 4 * count
                + "]},\"b\":{\"dtype\":\"BF16\",\"shape\":[" + count + "],\"data_offsets\":[" + 4 * count + ","
                + 6 * count + "]}}", data.array());
        ByteBuffer into = ByteBuffer.allocateDirect(4 * (count + 5));
        try (SafeTensors read = SafeTensors.open(file)) {
            read.readInto("f", into);
            assertThat(floats(into, count)).isEqualTo(large);
            read.readInto("b", into);
            assertThat(floats(into, count)).isEqualTo(half);
            assertThat(read.read("f")).isEqualTo(large);
        }
    }

    /** Returns the first {@code count} fp32 values of a buffer, in the machine's byte order. */
    static float[] floats(ByteBuffer buffer, int count) {
        float[] values = new float[count];
        buffer.duplicate().clear().order(ByteOrder.nativeOrder()).asFloatBuffer().get(values);
        return values;
    }

    @Test
    void halfAndBfloat16AreConvertedToFloat32Exactly() throws Exception {
        // F16: 1.0 (0x3c00), -2.0 (0xc000), the smallest subnormal (0x0001), infinity (0x7c00).
        // BF16: 1.0 (0x3f80), -0.5 (0xbf00).
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001).putShort((short) 0x7c00);
        data.putShort((short) 0x3f80).putShort((short) 0xbf00);
        Path file = file("{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}", data.array());
        try (SafeTensors read = SafeTensors.open(file)) {
            assertThat(read.read("h")).containsExactly(1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY);
            assertThat(read.read("b")).containsExactly(1f, -0.5f);
            assertThat(read.readArray("h").data().asFloat()).containsExactly(read.read("h"));
            assertThat(read.readArray("b").shape()).containsExactly(2);
            assertThat(read.readArray("b").data().asFloat()).containsExactly(1f, -0.5f);
        }
    }

    @Test
    void anotherDtypeIsRefusedInOneLineNamingTheTensor() throws Exception {
        Path file = file("{\"steps\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        try (SafeTensors read = SafeTensors.open(file)) {
            assertThatThrownBy(() -> read.read("steps")).isInstanceOf(WeightFileException.class)
                    .hasMessageContaining("steps").hasMessageContaining("I64")
                    .hasMessageContaining("F32, F16 and BF16").hasMessageNotContaining("\n");
        }
    }

    @Test
    void offsetsPastTheDataAreRefused() throws Exception {
        Path file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
        assertThatThrownBy(() -> SafeTensors.open(file)).isInstanceOf(WeightFileException.class)
                .hasMessageContaining("w").hasMessageContaining("data_offsets");
    }

    @Test
    void aFileThatIsNotSafetensorsIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("notes.safetensors");
        Files.writeString(file, "hello, this is text and not weights");
        assertThatThrownBy(() -> SafeTensors.open(file)).isInstanceOf(WeightFileException.class)
                .hasMessageContaining("notes.safetensors").hasMessageContaining("not a readable safetensors file");
    }
}
