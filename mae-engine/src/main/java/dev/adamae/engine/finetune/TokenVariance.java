package dev.adamae.engine.finetune;

/**
 * Splits the variance of a frozen encoder's token features, over many clips, into what depends on
 * the token's place alone, what depends on the clip alone, and the rest: what a token shows of its
 * own part of its clip. A two-way analysis of variance (clips x places, one value per cell),
 * summed over the feature dimensions and accumulated clip by clip, in double precision.
 *
 * <p>An encoder whose tokens all say the same thing about their clip has a clip share near 1 and
 * a token share near 0: mean or max pooling then reads one summary of the clip, and a linear probe
 * can learn from it only what that summary holds.
 */
public final class TokenVariance {

    /**
     * The shares of the token features' variance, each in {@code [0, 1]}, adding up to 1.
     *
     * @param place the share explained by the token's place (its time slice, row and column) alone
     * @param clip the share explained by the clip alone
     * @param token the rest: what a token shows that neither its place nor its clip's mean gives
     * @param clips the clips accumulated
     */
    public record Shares(double place, double clip, double token, long clips) {
    }

    private final int tokens;
    private final int width;
    private final double[] placeSums;
    private double sumOfSquares;
    private double clipMeanSquares;
    private long clips;

    /**
     * Creates an empty accumulator.
     *
     * @param tokens tokens per clip
     * @param width features per token
     */
    public TokenVariance(int tokens, int width) {
        if (tokens < 1 || width < 1) {
            throw new IllegalArgumentException("Tokens and width must be positive, got " + tokens + " and " + width);
        }
        this.tokens = tokens;
        this.width = width;
        this.placeSums = new double[tokens * width];
    }

    /** Adds one clip's token features, {@code [tokens][width]}. */
    public void add(float[][] clip) {
        if (clip.length != tokens || clip[0].length != width) {
            throw new IllegalArgumentException("Expected " + tokens + " x " + width + " features, got " + clip.length
                    + " x " + clip[0].length);
        }
        double[] clipMean = new double[width];
        for (int token = 0; token < tokens; token++) {
            float[] row = clip[token];
            for (int d = 0; d < width; d++) {
                double value = row[d];
                placeSums[token * width + d] += value;
                clipMean[d] += value;
                sumOfSquares += value * value;
            }
        }
        for (int d = 0; d < width; d++) {
            double mean = clipMean[d] / tokens;
            clipMeanSquares += mean * mean;
        }
        clips++;
    }

    /** Returns the shares of the variance accumulated so far; at least two clips are needed. */
    public Shares shares() {
        if (clips < 2) {
            throw new IllegalStateException("The variance of token features needs at least 2 clips, got " + clips);
        }
        double n = clips;
        double grandSquares = 0;
        double placeMeanSquares = 0;
        for (int d = 0; d < width; d++) {
            double grand = 0;
            for (int token = 0; token < tokens; token++) {
                double placeMean = placeSums[token * width + d] / n;
                grand += placeMean;
                placeMeanSquares += placeMean * placeMean;
            }
            grand /= tokens;
            grandSquares += grand * grand;
        }
        // Balanced two-way sums of squares: total = place + clip + rest.
        double correction = n * tokens * grandSquares;
        double total = sumOfSquares - correction;
        double place = n * placeMeanSquares - correction;
        double clip = tokens * clipMeanSquares - correction;
        if (!(total > 0)) {
            return new Shares(0, 0, 0, clips);
        }
        double placeShare = clamp(place / total);
        double clipShare = clamp(clip / total);
        return new Shares(placeShare, clipShare, clamp(1 - placeShare - clipShare), clips);
    }

    private static double clamp(double share) {
        return Math.max(0, Math.min(1, share));
    }
}
