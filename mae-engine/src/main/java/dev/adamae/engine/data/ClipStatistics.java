package dev.adamae.engine.data;

import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics of a data set that decide whether a masked autoencoder can learn from it, gathered
 * clip by clip on the host:
 *
 * <ul>
 *   <li>how much of it moves: the share of pixels, and of tubelets, that a foreground mask marks
 *       (clips without one, such as real videos, leave these out);
 *   <li>how much each tubelet varies: the spread (standard deviation, in pixel units of [0, 1], the
 *       largest of the three channels) of each tubelet's pixels, and the share of tubelets flatter
 *       than {@value #FLAT_SPREAD}: normalised-pixel targets scale every tubelet to unit variance,
 *       so a flat tubelet's target is whatever little noise it holds;
 *   <li>how much of a masked clip's hidden tubelets can be inferred from the visible ones: the
 *       mean squared error, against the normalised-pixel targets the loss uses, of two predictors
 *       that need no training: the mean of the visible tubelets' targets in the same time slice, and
 *       the target of the nearest visible tubelet in that slice. Predicting 0 scores
 *       {@code (K - 1) / K} for K pixels per tubelet (about 1): a model that learns reaches below the
 *       better of the two, one that does not stays at about 1.
 * </ul>
 *
 * <p>Targets are computed as the loss computes them: per tubelet and colour channel,
 * {@code (x - mean) / (unbiased std + 1e-6)} over the tubelet's ImageNet-normalised pixels.
 */
public final class ClipStatistics {

    /** A tubelet whose largest channel spread is below this (pixel units of [0, 1]) counts as flat. */
    public static final double FLAT_SPREAD = 0.01;

    private static final double STD_EPSILON = 1e-6;

    private final ModelSettings model;
    private final TokenGrid grid;
    private long clips;
    private long clipsWithForeground;
    private double foregroundPixels;
    private double pixels;
    private long foregroundTubelets;
    private long tubeletsWithMasks;
    private final List<Double> spreads = new ArrayList<>();
    private final Prediction zero = new Prediction();
    private final Prediction sliceMean = new Prediction();
    private final Prediction nearest = new Prediction();

    /** The mean squared error of one predictor over the hidden tubelets, in all and on and off the foreground. */
    private static final class Prediction {
        double all;
        long count;
        double foreground;
        long foregroundCount;
        double background;
        long backgroundCount;

        void add(double error, Boolean onForeground) {
            all += error;
            count++;
            if (onForeground != null) {
                if (onForeground) {
                    foreground += error;
                    foregroundCount++;
                } else {
                    background += error;
                    backgroundCount++;
                }
            }
        }

        Map<String, Object> report() {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("all", round(all / count));
            if (foregroundCount + backgroundCount > 0) {
                report.put("foreground", foregroundCount == 0 ? null : round(foreground / foregroundCount));
                report.put("background", backgroundCount == 0 ? null : round(background / backgroundCount));
            }
            return report;
        }
    }

    /** Gathers the statistics of clips of {@code model}'s clip and tubelet size. */
    public ClipStatistics(ModelSettings model) {
        this.model = model;
        this.grid = model.grid();
    }

    /**
     * Adds one clip, masked as {@code mask} (a one-clip mask on this grid) hides its tubelets.
     *
     * @throws IllegalArgumentException when the clip or the mask does not fit the model
     */
    public void add(VideoClip clip, TokenMask mask) {
        if (clip.frames() != model.clipFrames() || clip.height() != model.clipHeight() || clip.width() != model.clipWidth()) {
            throw new IllegalArgumentException("Clip " + clip.id() + " is " + clip.frames() + "x" + clip.height() + "x"
                    + clip.width() + ", not the model's " + model.clipFrames() + "x" + model.clipHeight() + "x"
                    + model.clipWidth());
        }
        if (!mask.grid().equals(grid) || mask.batchSize() != 1) {
            throw new IllegalArgumentException("The mask is not a one-clip mask on grid " + grid);
        }
        clips++;
        int tokens = grid.tokenCount();
        double[][] targets = new double[tokens][];
        Boolean[] onForeground = new Boolean[tokens];
        boolean masked = clip.foreground() != null;
        for (int token = 0; token < tokens; token++) {
            int t = token / (grid.height() * grid.width());
            int h = (token / grid.width()) % grid.height();
            int w = token % grid.width();
            double[] tubelet = pixelsOf(clip, t, h, w);
            targets[token] = target(tubelet);
            spreads.add(spread(tubelet));
            if (masked) {
                onForeground[token] = touchesForeground(clip, t, h, w);
                tubeletsWithMasks++;
                foregroundTubelets += onForeground[token] ? 1 : 0;
            }
        }
        if (masked) {
            clipsWithForeground++;
            for (boolean foreground : clip.foreground()) {
                foregroundPixels += foreground ? 1 : 0;
            }
            pixels += clip.foreground().length;
        }
        int slice = grid.height() * grid.width();
        for (int hidden : mask.hidden(0)) {
            int t = hidden / slice;
            double[] mean = new double[targets[hidden].length];
            int visibleInSlice = 0;
            int closest = -1;
            double closestDistance = Double.MAX_VALUE;
            for (int visible : mask.visible(0)) {
                if (visible / slice != t) {
                    continue;
                }
                visibleInSlice++;
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += targets[visible][i];
                }
                double dy = (visible % slice) / grid.width() - (hidden % slice) / grid.width();
                double dx = visible % grid.width() - hidden % grid.width();
                double distance = dy * dy + dx * dx;
                if (distance < closestDistance) {
                    closestDistance = distance;
                    closest = visible;
                }
            }
            zero.add(meanSquare(targets[hidden], null), onForeground[hidden]);
            if (visibleInSlice > 0) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] /= visibleInSlice;
                }
                sliceMean.add(meanSquare(targets[hidden], mean), onForeground[hidden]);
                nearest.add(meanSquare(targets[hidden], targets[closest]), onForeground[hidden]);
            } else {
                // A slice with nothing visible (frame masking): the best guess from it alone is 0.
                double error = meanSquare(targets[hidden], null);
                sliceMean.add(error, onForeground[hidden]);
                nearest.add(error, onForeground[hidden]);
            }
        }
    }

    /** Returns the statistics gathered so far, as an ordered map of plain values (for JSON or a table). */
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("clips", clips);
        report.put("tubelets_per_clip", grid.tokenCount());
        if (clipsWithForeground > 0) {
            report.put("foreground_pixel_share", round(foregroundPixels / pixels));
            report.put("foreground_tubelet_share", round((double) foregroundTubelets / tubeletsWithMasks));
        }
        double[] sorted = spreads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> spread = new LinkedHashMap<>();
        spread.put("p10", round(quantile(sorted, 0.1)));
        spread.put("median", round(quantile(sorted, 0.5)));
        spread.put("p90", round(quantile(sorted, 0.9)));
        report.put("tubelet_spread", spread);
        report.put("flat_tubelet_share", round(Arrays.stream(sorted).filter(value -> value < FLAT_SPREAD).count()
                / (double) Math.max(1, sorted.length)));
        if (zero.count > 0) {
            Map<String, Object> hidden = new LinkedHashMap<>();
            hidden.put("predict_zero", zero.report());
            hidden.put("slice_mean", sliceMean.report());
            hidden.put("nearest_visible", nearest.report());
            report.put("hidden_mse", hidden);
        }
        return report;
    }

    /**
     * Returns the tubelet's pixels, channel-major and within a channel in (frame, row, column)
     * order, in pixel units of [0, 1].
     */
    private double[] pixelsOf(VideoClip clip, int t, int h, int w) {
        int perChannel = model.tubeletFrames() * model.tubeletHeight() * model.tubeletWidth();
        double[] values = new double[VideoClip.CHANNELS * perChannel];
        int i = 0;
        for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
            for (int frame = 0; frame < model.tubeletFrames(); frame++) {
                for (int y = 0; y < model.tubeletHeight(); y++) {
                    for (int x = 0; x < model.tubeletWidth(); x++) {
                        values[i++] = clip.pixels()[clip.pixelIndex(channel, t * model.tubeletFrames() + frame,
                                h * model.tubeletHeight() + y, w * model.tubeletWidth() + x)] * VideoClip.STD[channel]
                                + VideoClip.MEAN[channel];
                    }
                }
            }
        }
        return values;
    }

    /**
     * Returns the loss's normalised target of a tubelet's pixels: per channel, the ImageNet-normalised
     * values less their mean, over their unbiased deviation plus 1e-6.
     */
    private static double[] target(double[] pixels) {
        int perChannel = pixels.length / VideoClip.CHANNELS;
        double[] values = new double[pixels.length];
        for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
            int start = channel * perChannel;
            double sum = 0;
            for (int j = start; j < start + perChannel; j++) {
                values[j] = (pixels[j] - VideoClip.MEAN[channel]) / VideoClip.STD[channel];
                sum += values[j];
            }
            double mean = sum / perChannel;
            double squares = 0;
            for (int j = start; j < start + perChannel; j++) {
                values[j] -= mean;
                squares += values[j] * values[j];
            }
            double scale = Math.sqrt(squares / (perChannel - 1)) + STD_EPSILON;
            for (int j = start; j < start + perChannel; j++) {
                values[j] /= scale;
            }
        }
        return values;
    }

    /** The largest channel's standard deviation over a tubelet's pixels, in pixel units of [0, 1]. */
    private static double spread(double[] pixels) {
        int perChannel = pixels.length / VideoClip.CHANNELS;
        double largest = 0;
        for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
            double sum = 0;
            double squares = 0;
            for (int j = channel * perChannel; j < (channel + 1) * perChannel; j++) {
                sum += pixels[j];
                squares += pixels[j] * pixels[j];
            }
            double mean = sum / perChannel;
            largest = Math.max(largest, Math.sqrt(Math.max(0, squares / perChannel - mean * mean)));
        }
        return largest;
    }

    private boolean touchesForeground(VideoClip clip, int t, int h, int w) {
        for (int frame = 0; frame < model.tubeletFrames(); frame++) {
            for (int y = 0; y < model.tubeletHeight(); y++) {
                for (int x = 0; x < model.tubeletWidth(); x++) {
                    if (clip.foreground()[clip.foregroundIndex(t * model.tubeletFrames() + frame,
                            h * model.tubeletHeight() + y, w * model.tubeletWidth() + x)]) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static double meanSquare(double[] target, double[] prediction) {
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            double difference = target[i] - (prediction == null ? 0 : prediction[i]);
            sum += difference * difference;
        }
        return sum / target.length;
    }

    private static double quantile(double[] sorted, double share) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}
