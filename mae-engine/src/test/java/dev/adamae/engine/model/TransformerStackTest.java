package dev.adamae.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.engine.ModelSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One pre-norm ViT block and the final norm, against the same computation written out in plain Java. */
class TransformerStackTest {

    private static final int BATCH = 2;
    private static final int LENGTH = 3;
    private static final int WIDTH = 8;
    private static final int HEADS = 2;
    private static final ModelSettings.Transformer DIMENSIONS = new ModelSettings.Transformer(WIDTH, 1, HEADS, 2.0);

    private final SameDiff sd = SameDiff.create();

    @Test
    void theStackComputesAttentionPerClipAndHeadThenTheMlpWithResidualsAndNorms() {
        Nd4j.getRandom().setSeed(4);
        ModelParameters parameters = new ModelParameters(sd, new java.util.SplittableRandom(4));
        INDArray input = Nd4j.randn(DataType.FLOAT, BATCH * LENGTH, WIDTH);
        SDVariable output = new TransformerStack(parameters, "stack/", DIMENSIONS, BATCH, LENGTH)
                .apply(sd.constant(input));
        randomize("stack/block0/norm1/gain", "stack/block0/norm1/bias", "stack/block0/attention/query_bias",
                "stack/block0/attention/value_bias", "stack/block0/attention/projection/bias",
                "stack/block0/norm2/gain", "stack/block0/norm2/bias", "stack/block0/mlp/fc1/bias",
                "stack/block0/mlp/fc2/bias", "stack/norm/gain", "stack/norm/bias");

        double[][] actual = sd.output(Map.of(), output.name()).get(output.name()).toDoubleMatrix();

        double[][] expected = hostStack(input.toDoubleMatrix());
        for (int row = 0; row < expected.length; row++) {
            for (int column = 0; column < WIDTH; column++) {
                assertThat(actual[row][column]).as("row %d, column %d", row, column)
                        .isCloseTo(expected[row][column], within(1e-4));
            }
        }
    }

    /** Gives biases and norms values other than their 0 and 1 start, so that a misuse of one shows. */
    private void randomize(String... names) {
        for (String name : names) {
            INDArray values = sd.getArrForVarName(name);
            values.assign(Nd4j.randn(DataType.FLOAT, values.shape()));
        }
    }

    private double[][] hostStack(double[][] x) {
        String block = "stack/block0/";
        double[][] attended = attention(layerNorm(x, block + "norm1"), block + "attention");
        double[][] afterAttention = add(x, attended);
        double[][] hidden = gelu(linear(layerNorm(afterAttention, block + "norm2"), block + "mlp/fc1"));
        double[][] afterMlp = add(afterAttention, linear(hidden, block + "mlp/fc2"));
        return layerNorm(afterMlp, "stack/norm");
    }

    private double[][] attention(double[][] x, String name) {
        double[][] weight = matrix(name + "/qkv/weight");
        double[] queryBias = vector(name + "/query_bias");
        double[] valueBias = vector(name + "/value_bias");
        double[][] qkv = multiply(x, weight);
        int headWidth = WIDTH / HEADS;
        double scale = 1 / Math.sqrt(headWidth);
        double[][] merged = new double[x.length][WIDTH];
        for (int clip = 0; clip < BATCH; clip++) {
            for (int head = 0; head < HEADS; head++) {
                for (int i = 0; i < LENGTH; i++) {
                    double[] scores = new double[LENGTH];
                    for (int j = 0; j < LENGTH; j++) {
                        for (int c = 0; c < headWidth; c++) {
                            int feature = head * headWidth + c;
                            double query = (qkv[clip * LENGTH + i][feature] + queryBias[feature]) * scale;
                            double key = qkv[clip * LENGTH + j][WIDTH + feature];
                            scores[j] += query * key;
                        }
                    }
                    double[] weights = softmax(scores);
                    for (int c = 0; c < headWidth; c++) {
                        int feature = head * headWidth + c;
                        for (int j = 0; j < LENGTH; j++) {
                            double value = qkv[clip * LENGTH + j][2 * WIDTH + feature] + valueBias[feature];
                            merged[clip * LENGTH + i][feature] += weights[j] * value;
                        }
                    }
                }
            }
        }
        return linear(merged, name + "/projection");
    }

    private double[][] layerNorm(double[][] x, String name) {
        double[] gain = vector(name + "/gain");
        double[] bias = vector(name + "/bias");
        double[][] out = new double[x.length][];
        for (int row = 0; row < x.length; row++) {
            double mean = 0;
            for (double value : x[row]) {
                mean += value / x[row].length;
            }
            double variance = 0;
            for (double value : x[row]) {
                variance += (value - mean) * (value - mean) / x[row].length;
            }
            out[row] = new double[x[row].length];
            for (int i = 0; i < x[row].length; i++) {
                out[row][i] = (x[row][i] - mean) / Math.sqrt(variance + 1e-6) * gain[i] + bias[i];
            }
        }
        return out;
    }

    private double[][] linear(double[][] x, String name) {
        double[][] out = multiply(x, matrix(name + "/weight"));
        double[] bias = vector(name + "/bias");
        for (double[] row : out) {
            for (int i = 0; i < row.length; i++) {
                row[i] += bias[i];
            }
        }
        return out;
    }

    private static double[][] gelu(double[][] x) {
        double[][] out = new double[x.length][];
        for (int row = 0; row < x.length; row++) {
            out[row] = new double[x[row].length];
            for (int i = 0; i < x[row].length; i++) {
                out[row][i] = x[row][i] * 0.5 * (1 + erf(x[row][i] / Math.sqrt(2)));
            }
        }
        return out;
    }

    /** The error function by Simpson's rule on {@code 2 / sqrt(pi) * exp(-t^2)}: exact enough, and independent. */
    private static double erf(double x) {
        int intervals = 2000;
        double step = x / intervals;
        double sum = 1 + Math.exp(-x * x);
        for (int i = 1; i < intervals; i++) {
            double t = i * step;
            sum += (i % 2 == 0 ? 2 : 4) * Math.exp(-t * t);
        }
        return 2 / Math.sqrt(Math.PI) * sum * step / 3;
    }

    private static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double sum = 0;
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = Math.exp(scores[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < scores.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    out[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return out;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i][j] = a[i][j] + b[i][j];
            }
        }
        return out;
    }

    private double[][] matrix(String name) {
        return sd.getArrForVarName(name).toDoubleMatrix();
    }

    private double[] vector(String name) {
        return sd.getArrForVarName(name).toDoubleVector();
    }
}
