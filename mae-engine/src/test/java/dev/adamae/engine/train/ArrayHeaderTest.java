package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.ModelShapes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The header written without ND4J is, byte for byte, what {@code Nd4j.write} writes before an fp32
 * array's values, for every shape the presets' models have and shapes with sides of one, in both
 * orders.
 */
class ArrayHeaderTest {

    @Test
    void theHeaderIsNd4jWritesForEveryShapeOfTheModelsInBothOrders() throws IOException {
        List<long[]> shapes = new ArrayList<>(List.of(new long[] {1}, new long[] {5}, new long[] {1, 7},
                new long[] {7, 1}, new long[] {1, 1}, new long[] {3, 1, 4}, new long[] {1, 3, 4}, new long[] {3, 4, 1},
                new long[] {2, 1, 1, 3}, new long[] {2, 3, 2, 2, 4}));
        for (String preset : List.of("test", "tiny", "small", "base")) {
            ModelSettings model = ModelSettings.from(ConfigFactory.parseFile(new File("../conf/presets/" + preset + ".conf"))
                    .withFallback(ConfigFactory.defaultReference()).resolve());
            shapes.addAll(ModelShapes.pretraining(model).values());
            shapes.addAll(ModelShapes.classifier(model, 400).values());
        }
        // Each distinct shape once.
        java.util.Map<String, long[]> distinct = new java.util.TreeMap<>();
        shapes.forEach(shape -> distinct.put(Arrays.toString(shape), shape));
        int checked = 0;
        for (long[] shape : distinct.values()) {
            for (char order : new char[] {'c', 'f'}) {
                byte[] header = ArrayHeader.float32(shape, order);
                byte[] written = ndWrite(Nd4j.create(DataType.FLOAT, shape, order));
                long values = Arrays.stream(shape).reduce(1, Math::multiplyExact);
                String what = Arrays.toString(shape) + " in order " + order;
                assertThat(written.length).as(what).isEqualTo(header.length + 4 * values);
                assertThat(Arrays.copyOf(written, header.length)).as(what).isEqualTo(header);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    private static byte[] ndWrite(INDArray array) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(array, out);
        }
        return bytes.toByteArray();
    }
}
