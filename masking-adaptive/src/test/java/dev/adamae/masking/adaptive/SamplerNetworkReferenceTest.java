package dev.adamae.masking.adaptive;

import static dev.adamae.masking.adaptive.SamplerHost.BATCH;
import static dev.adamae.masking.adaptive.SamplerHost.HEADS;
import static dev.adamae.masking.adaptive.SamplerHost.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The attention sampler's probabilities against the reference block written out in plain Java:
 * position embedding, pre-norm attention (qkv without bias, heads in column blocks), pre-norm MLP
 * with the exact GELU, a linear head and a softmax over each clip's tokens.
 */
class SamplerNetworkReferenceTest {

    private static final int TOKENS = SamplerHost.GRID.tokenCount();
    private static final double EPSILON = 1e-5;

    @Test
    void probabilitiesEqualTheReferenceBlockComputedOnTheHost() {
        SamplerHost host = new SamplerHost(Strategies.adaptive("sampler = attention\ndropout = 0").sampler(), 3);
        // Non-trivial norms, biases and position embedding, so that every term shows.
        for (String name : new String[] {"position_embedding", "block/norm1/gain", "block/norm1/bias",
                "block/norm2/gain", "block/norm2/bias", "block/attention/projection/bias", "block/mlp/fc1/bias",
                "block/mlp/fc2/bias", "head/bias"}) {
            INDArray values = host.variable(name);
            for (long i = 0; i < values.length(); i++) {
                values.putScalar(i, values.getDouble(i) + 0.1 * Math.sin(3 * i + name.length()));
            }
        }
        float[][][] tokens = tokens(host);
        double[][] expected = new double[BATCH][];
        for (int clip = 0; clip < BATCH; clip++) {
            expected[clip] = reference(host, tokens[clip]);
        }
        INDArray probabilities = host.probabilities();
        for (int clip = 0; clip < BATCH; clip++) {
            for (int token = 0; token < TOKENS; token++) {
                assertThat(probabilities.getDouble(clip, token)).as("clip %d, token %d", clip, token)
                        .isCloseTo(expected[clip][token], within(1e-5));
            }
        }
    }

    private static float[][][] tokens(SamplerHost host) {
        INDArray all = host.sd.getArrForVarName(SamplerHost.TOKENS);
        float[][][] tokens = new float[BATCH][][];
        for (int clip = 0; clip < BATCH; clip++) {
            tokens[clip] = all.slice(clip).toFloatMatrix();
        }
        return tokens;
    }

    private static double[] reference(SamplerHost host, float[][] clipTokens) {
        double[][] position = matrix(host.variable("position_embedding"));
        double[][] x = new double[TOKENS][WIDTH];
        for (int t = 0; t < TOKENS; t++) {
            for (int i = 0; i < WIDTH; i++) {
                x[t][i] = clipTokens[t][i] + position[t][i];
            }
        }
        double[][] qkv = product(norm(host, "block/norm1", x), matrix(host.variable("block/attention/qkv/weight")));
        int headWidth = WIDTH / HEADS;
        double[][] merged = new double[TOKENS][WIDTH];
        for (int head = 0; head < HEADS; head++) {
            for (int i = 0; i < TOKENS; i++) {
                double[] scores = new double[TOKENS];
                for (int j = 0; j < TOKENS; j++) {
                    for (int d = 0; d < headWidth; d++) {
                        scores[j] += qkv[i][head * headWidth + d] * qkv[j][WIDTH + head * headWidth + d];
                    }
                    scores[j] /= Math.sqrt(headWidth);
                }
                double[] weights = softmax(scores);
                for (int j = 0; j < TOKENS; j++) {
                    for (int d = 0; d < headWidth; d++) {
                        merged[i][head * headWidth + d] += weights[j] * qkv[j][2 * WIDTH + head * headWidth + d];
                    }
                }
            }
        }
        x = add(x, linear(host, "block/attention/projection", merged));
        double[][] inner = linear(host, "block/mlp/fc1", norm(host, "block/norm2", x));
        for (double[] row : inner) {
            for (int i = 0; i < row.length; i++) {
                row[i] = row[i] * 0.5 * (1 + erf(row[i] / Math.sqrt(2)));
            }
        }
        x = add(x, linear(host, "block/mlp/fc2", inner));
        double[][] logits = linear(host, "head", x);
        double[] column = new double[TOKENS];
        for (int t = 0; t < TOKENS; t++) {
            column[t] = logits[t][0];
        }
        return softmax(column);
    }

    private static double[][] norm(SamplerHost host, String name, double[][] x) {
        double[] gain = host.variable(name + "/gain").toDoubleVector();
        double[] bias = host.variable(name + "/bias").toDoubleVector();
        double[][] out = new double[x.length][WIDTH];
        for (int r = 0; r < x.length; r++) {
            double mean = 0;
            for (double v : x[r]) {
                mean += v / WIDTH;
            }
            double variance = 0;
            for (double v : x[r]) {
                variance += (v - mean) * (v - mean) / WIDTH;
            }
            for (int i = 0; i < WIDTH; i++) {
                out[r][i] = (x[r][i] - mean) / Math.sqrt(variance + EPSILON) * gain[i] + bias[i];
            }
        }
        return out;
    }

    private static double[][] linear(SamplerHost host, String name, double[][] x) {
        double[][] out = product(x, matrix(host.variable(name + "/weight")));
        double[] bias = host.variable(name + "/bias").toDoubleVector();
        for (double[] row : out) {
            for (int i = 0; i < row.length; i++) {
                row[i] += bias[i];
            }
        }
        return out;
    }

    private static double[][] matrix(INDArray array) {
        return array.toDoubleMatrix();
    }

    private static double[][] product(double[][] a, double[][] b) {
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

    private static double[] softmax(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.exp(values[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < values.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /** The error function by its Maclaurin series: exact to double precision for the small arguments here. */
    private static double erf(double x) {
        double sum = x;
        double term = x;
        for (int n = 1; n < 60; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
