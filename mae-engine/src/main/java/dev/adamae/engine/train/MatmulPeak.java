package dev.adamae.engine.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures this machine's single-precision matrix-product rate through ND4J: the yardstick the
 * model's achieved GFLOP/s is compared with.
 */
public final class MatmulPeak {

    private static final int SIZE = 1536;
    private static final int WARMUP = 2;
    private static final int REPEATS = 12;

    private MatmulPeak() {
    }

    /** Returns the best GFLOP/s of repeated {@value #SIZE}-square FLOAT products. */
    public static double gigaflopsPerSecond() {
        Nd4j.getRandom().setSeed(0);
        INDArray a = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
        INDArray b = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, SIZE, SIZE);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < WARMUP + REPEATS; i++) {
            long started = System.nanoTime();
            a.mmuli(b, c);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (i >= WARMUP) {
                best = Math.min(best, seconds);
            }
        }
        a.close();
        b.close();
        c.close();
        return 2.0 * SIZE * SIZE * SIZE / best / 1e9;
    }
}
