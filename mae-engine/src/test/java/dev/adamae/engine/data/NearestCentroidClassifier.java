package dev.adamae.engine.data;

import java.util.List;

/**
 * The simplest classifier that finds any difference between the classes' average features:
 * features are standardised with the training set's mean and spread, and an example gets the
 * class whose average training example is nearest.
 */
final class NearestCentroidClassifier {

    private final double[] mean;
    private final double[] spread;
    private final double[][] centroids;

    private NearestCentroidClassifier(double[] mean, double[] spread, double[][] centroids) {
        this.mean = mean;
        this.spread = spread;
        this.centroids = centroids;
    }

    /** Fits the classifier to {@code features} (one row per example) labelled {@code labels} in {@code 0..classes-1}. */
    static NearestCentroidClassifier fit(List<double[]> features, int[] labels, int classes) {
        int width = features.get(0).length;
        double[] mean = new double[width];
        double[] spread = new double[width];
        for (double[] row : features) {
            for (int i = 0; i < width; i++) {
                mean[i] += row[i] / features.size();
            }
        }
        for (double[] row : features) {
            for (int i = 0; i < width; i++) {
                spread[i] += (row[i] - mean[i]) * (row[i] - mean[i]) / features.size();
            }
        }
        for (int i = 0; i < width; i++) {
            // A feature that never changes carries no information; keep it from dividing by zero.
            spread[i] = spread[i] > 0 ? Math.sqrt(spread[i]) : 1;
        }
        double[][] centroids = new double[classes][width];
        int[] counts = new int[classes];
        NearestCentroidClassifier standardiser = new NearestCentroidClassifier(mean, spread, centroids);
        for (int example = 0; example < features.size(); example++) {
            double[] standard = standardiser.standardise(features.get(example));
            counts[labels[example]]++;
            for (int i = 0; i < width; i++) {
                centroids[labels[example]][i] += standard[i];
            }
        }
        for (int label = 0; label < classes; label++) {
            for (int i = 0; i < width; i++) {
                centroids[label][i] /= Math.max(counts[label], 1);
            }
        }
        return standardiser;
    }

    /** Returns the share of {@code features} whose predicted class is their label. */
    double accuracy(List<double[]> features, int[] labels) {
        int correct = 0;
        for (int example = 0; example < features.size(); example++) {
            if (predict(features.get(example)) == labels[example]) {
                correct++;
            }
        }
        return (double) correct / features.size();
    }

    int predict(double[] row) {
        double[] standard = standardise(row);
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int label = 0; label < centroids.length; label++) {
            double distance = 0;
            for (int i = 0; i < standard.length; i++) {
                distance += (standard[i] - centroids[label][i]) * (standard[i] - centroids[label][i]);
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = label;
            }
        }
        return best;
    }

    private double[] standardise(double[] row) {
        double[] standard = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            standard[i] = (row[i] - mean[i]) / spread[i];
        }
        return standard;
    }
}
