package dev.adamae.video;

/**
 * The weights that resize one axis of a crop, as PIL's antialiased bilinear filter: each output
 * pixel averages the input pixels under a triangle centred on it, widened by the shrink factor
 * when shrinking so that no input pixel is skipped. Enlarging is plain bilinear interpolation;
 * equal sizes copy each pixel.
 */
final class ResizeWeights {

    private final int[] first;
    private final int[] count;
    private final float[][] weights;

    private ResizeWeights(int[] first, int[] count, float[][] weights) {
        this.first = first;
        this.count = count;
        this.weights = weights;
    }

    /**
     * Returns the weights that map pixels {@code start .. start + inputSize - 1} of an axis onto
     * {@code outputSize} pixels; pixels outside that range are never read.
     */
    static ResizeWeights of(int start, int inputSize, int outputSize) {
        double scale = (double) inputSize / outputSize;
        double radius = Math.max(scale, 1.0);
        int[] first = new int[outputSize];
        int[] count = new int[outputSize];
        float[][] weights = new float[outputSize][];
        for (int out = 0; out < outputSize; out++) {
            double centre = (out + 0.5) * scale;
            int low = Math.max(0, (int) Math.floor(centre - radius));
            int high = Math.min(inputSize, (int) Math.ceil(centre + radius));
            double[] raw = new double[high - low];
            double sum = 0;
            for (int in = low; in < high; in++) {
                double weight = Math.max(0, 1 - Math.abs((in + 0.5 - centre) / radius));
                raw[in - low] = weight;
                sum += weight;
            }
            weights[out] = new float[raw.length];
            for (int k = 0; k < raw.length; k++) {
                weights[out][k] = (float) (raw[k] / sum);
            }
            first[out] = start + low;
            count[out] = raw.length;
        }
        return new ResizeWeights(first, count, weights);
    }

    /** Returns the first input pixel that output pixel {@code out} reads. */
    int first(int out) {
        return first[out];
    }

    /** Returns how many input pixels output pixel {@code out} reads. */
    int count(int out) {
        return count[out];
    }

    /** Returns the weight of input pixel {@code first(out) + k} in output pixel {@code out}. */
    float weight(int out, int k) {
        return weights[out][k];
    }
}
