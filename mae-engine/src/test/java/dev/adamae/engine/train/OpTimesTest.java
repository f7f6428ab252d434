package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class OpTimesTest {

    @Test
    void countsEveryOpOfTheForwardAndGradientPassesByTypeAndShape() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4, 3);
        SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 3, 2));
        SDVariable y = sd.math.tanh(sd.mmul(x, w));
        sd.setLossVariables(sd.sum(y.mul(y)));
        OpTimes times = new OpTimes();
        sd.addListeners(times);
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> inputs = Map.of("x", Nd4j.rand(DataType.FLOAT, 4, 3));

        sd.calculateGradients(inputs, "w");
        times.reset();
        assertThat(times.entries()).isEmpty();
        sd.calculateGradients(inputs, "w");
        sd.calculateGradients(inputs, "w");

        List<OpTimes.Entry> entries = times.entries();
        assertThat(entries).extracting(OpTimes.Entry::op).contains("matmul", "tanh", "matmul_bp");
        assertThat(entries).filteredOn(entry -> entry.op().equals("matmul")).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.shape()).isEqualTo("[4, 2]");
                    assertThat(entry.calls()).isEqualTo(2);
                });
        assertThat(entries).allSatisfy(entry -> assertThat(entry.nanos()).isPositive());
        assertThat(entries).extracting(OpTimes.Entry::nanos).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(times.byOp().stream().mapToLong(OpTimes.Entry::nanos).sum()).isEqualTo(times.totalNanos());
        assertThat(times.byOp().stream().mapToLong(OpTimes.Entry::calls).sum())
                .isEqualTo(entries.stream().mapToLong(OpTimes.Entry::calls).sum());
    }
}
