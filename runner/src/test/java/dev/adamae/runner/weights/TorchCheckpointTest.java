package dev.adamae.runner.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {

    @TempDir
    Path dir;

    /** A released checkpoint's shape: the weights under "model", an args namespace, an optimiser, an epoch. */
    private byte[] wrappedCheckpoint() {
        PickleBytes pickle = new PickleBytes();
        pickle.op('}').mark();
        pickle.string("model").global("collections", "OrderedDict").op(')').op('R').mark();
        pickle.string("w").tensor("FloatStorage", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1});
        // A transposed view of the same storage: [3, 2] with strides (1, 3).
        pickle.string("w_t").tensor("FloatStorage", "0", 6, 0, new long[] {3, 2}, new long[] {1, 3});
        pickle.string("b").tensor("FloatStorage", "1", 2, 0, new long[] {2}, new long[] {1});
        pickle.op('u');
        pickle.string("args").global("argparse", "Namespace").op(')').op(0x81)
                .op('}').string("lr").integer(1).op('s').op('b');
        pickle.string("optimizer").op('}').string("state").op('}').string("step")
                .tensor("LongStorage", "2", 1, 0, new long[] {}, new long[] {}).op('s').op('s');
        pickle.string("epoch").integer(799);
        pickle.string("best").global("numpy.core.multiarray", "scalar").mark().string("f8").string("x").op('t').op('R');
        pickle.op('u');
        return pickle.stop();
    }

    private Path write(byte[] pickle) throws Exception {
        Path file = dir.resolve("checkpoint.pth");
        PickleBytes.zip(file, pickle, Map.of("0", PickleBytes.floats(1, 2, 3, 4, 5, 6), "1", PickleBytes.floats(7, 8),
                "2", new byte[8]));
        return file;
    }

    @Test
    void aWrappedStateDictIsReadAndWhatSitsBesideItIsReadPast() throws Exception {
        try (StateDictFile file = StateDictFile.open(write(wrappedCheckpoint()))) {
            assertThat(file.entries().keySet()).containsExactly("w", "w_t", "b");
            assertThat(file.entries().get("w").shape()).containsExactly(2, 3);
            assertThat(file.read("w")).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(file.read("w_t")).containsExactly(1, 4, 2, 5, 3, 6);
            assertThat(file.read("b")).containsExactly(7, 8);
        }
    }

    @Test
    void contiguousTensorsAreReadFromTheirStorageAtTheirOffsetAcrossReadSlices() throws Exception {
        int count = 300_000;
        float[] storage = new float[count + 7];
        for (int i = 0; i < storage.length; i++) {
            storage[i] = i * 0.5f - 3;
        }
        PickleBytes pickle = new PickleBytes();
        pickle.op('}').mark();
        pickle.string("large").tensor("FloatStorage", "0", storage.length, 7, new long[] {count}, new long[] {1});
        pickle.string("tail").tensor("FloatStorage", "0", storage.length, storage.length - 2, new long[] {2},
                new long[] {1});
        pickle.string("past").tensor("FloatStorage", "1", 2, 1, new long[] {2}, new long[] {1});
        pickle.op('u');
        Path file = dir.resolve("offsets.pth");
        PickleBytes.zip(file, pickle.stop(), Map.of("0", PickleBytes.floats(storage), "1", PickleBytes.floats(1, 2)));
        java.nio.ByteBuffer into = java.nio.ByteBuffer.allocateDirect(4 * count);
        try (StateDictFile read = StateDictFile.open(file)) {
            read.readInto("large", into);
            assertThat(SafeTensorsTest.floats(into, count)).isEqualTo(java.util.Arrays.copyOfRange(storage, 7,
                    storage.length));
            read.readInto("tail", into);
            assertThat(SafeTensorsTest.floats(into, 2)).containsExactly(storage[storage.length - 2],
                    storage[storage.length - 1]);
            assertThatThrownBy(() -> read.readInto("past", into)).isInstanceOf(WeightFileException.class)
                    .hasMessageContaining("past's view reaches past its storage of 2 values");
            assertThatThrownBy(() -> read.read("past")).isInstanceOf(WeightFileException.class)
                    .hasMessageContaining("past's view reaches past its storage of 2 values");
        }
    }

    @Test
    void aPickleThatWouldRunCodeIsRefusedInOneLine() throws Exception {
        byte[] malicious = new PickleBytes().op('}').string("model").global("os", "system")
                .mark().string("touch " + dir.resolve("pwned")).op('t').op('R').op('s').stop();
        assertThatThrownBy(() -> StateDictFile.open(write(malicious)))
                .isInstanceOf(WeightFileException.class)
                .hasMessageContaining("os.system")
                .hasMessageContaining("would run code")
                .hasMessageNotContaining("\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aBuiltinReachedThroughStackGlobalIsRefusedToo() throws Exception {
        byte[] malicious = new PickleBytes().string("builtins").string("eval").op(0x93)
                .mark().string("print(1)").op('t').op('R').stop();
        assertThatThrownBy(() -> StateDictFile.open(write(malicious)))
                .isInstanceOf(WeightFileException.class)
                .hasMessageContaining("builtins.eval");
    }

    @Test
    void aTensorOfIntegersIsListedButRefusedWhenRead() throws Exception {
        byte[] pickle = new PickleBytes().op('}').string("count")
                .tensor("LongStorage", "2", 1, 0, new long[] {1}, new long[] {1}).op('s').stop();
        try (StateDictFile file = StateDictFile.open(write(pickle))) {
            assertThat(file.entries().get("count").dtype()).isEqualTo("I64");
            assertThatThrownBy(() -> file.read("count")).isInstanceOf(WeightFileException.class)
                    .hasMessageContaining("count").hasMessageContaining("I64");
        }
    }

    @Test
    void aTruncatedPickleIsRefusedAsDamaged() throws Exception {
        byte[] whole = wrappedCheckpoint();
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> StateDictFile.open(write(truncated)))
                .isInstanceOf(WeightFileException.class).hasMessageContaining("damaged");
    }

    @Test
    void aLegacyNonZipCheckpointIsRefusedNamingTheFormat() throws Exception {
        Path file = dir.resolve("old.pth");
        Files.write(file, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10});
        assertThatThrownBy(() -> StateDictFile.open(file)).isInstanceOf(WeightFileException.class)
                .hasMessageContaining("legacy");
    }
}
