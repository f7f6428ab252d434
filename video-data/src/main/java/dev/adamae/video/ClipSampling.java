package dev.adamae.video;

import dev.adamae.api.Settings;
import dev.adamae.engine.data.EvaluationView;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a clip is cut from a video, as in VideoMAE's pre-training: {@code frames} frames
 * {@code temporalStride} apart from a random start, a multi-scale crop resized to the clip size,
 * and an optional horizontal flip. Read from {@value #PATH}; the clip size comes from the model.
 *
 * @param frames frames per clip (the model's)
 * @param height clip height in pixels (the model's)
 * @param width clip width in pixels (the model's)
 * @param temporalStride frames of the video from one clip frame to the next: 2 for SSv2, 4 for Kinetics-400
 * @param cropScales crop sides as fractions of the shorter side, largest first
 * @param maxScaleDistortion how many places apart in {@code cropScales} the width's and the height's scale may be
 * @param flip whether a training clip is mirrored left to right with probability one half
 * @param mode training (random choices) or evaluation (the centred {@link #viewPlan test view}, no flip)
 */
public record ClipSampling(int frames, int height, int width, int temporalStride, List<Double> cropScales,
        int maxScaleDistortion, boolean flip, Mode mode) {

    /** The configuration section of the video data settings. */
    public static final String PATH = "adamae.data.video";

    /** The key of the temporal stride. */
    public static final String TEMPORAL_STRIDE = "temporal-stride";

    /** The key of the crop scales. */
    public static final String CROP_SCALES = "crop-scales";

    /** The key of the largest distance between the width's and the height's scale. */
    public static final String MAX_SCALE_DISTORTION = "max-scale-distortion";

    /** The key of the flip switch. */
    public static final String FLIP = "flip";

    /** The key of the sampling mode. */
    public static final String MODE = "mode";

    /** The largest temporal stride; beyond it a clip's frames would hardly belong together. */
    public static final int LARGEST_STRIDE = 64;

    /** Training picks at random; evaluation takes the single centred test view, the same every time. */
    public enum Mode {
        TRAIN, EVALUATE;

        /** Returns the name used in the configuration, e.g. {@code train}. */
        public String settingName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Set<String> settingNames() {
            return Stream.of(values()).map(Mode::settingName).collect(Collectors.toSet());
        }
    }

    public ClipSampling {
        if (frames < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("A clip needs at least 1x1x1 pixels, got " + frames + "x" + height + "x" + width);
        }
        if (temporalStride < 1 || temporalStride > LARGEST_STRIDE) {
            throw new IllegalArgumentException("The temporal stride must be between 1 and " + LARGEST_STRIDE + ", got "
                    + temporalStride);
        }
        String scalesProblem = scalesProblem(cropScales);
        if (scalesProblem != null) {
            throw new IllegalArgumentException("Crop scales " + cropScales + " " + scalesProblem);
        }
        cropScales = List.copyOf(cropScales);
        if (maxScaleDistortion < 0 || maxScaleDistortion >= cropScales.size()) {
            throw new IllegalArgumentException("The scale distortion must be between 0 and " + (cropScales.size() - 1)
                    + ", got " + maxScaleDistortion);
        }
        if (mode == null) {
            throw new IllegalArgumentException("A sampling mode must be given");
        }
    }

    /**
     * Reads and checks the settings in {@code section}, which is {@value #PATH} of the configuration.
     *
     * @param frames the model's clip frames
     * @param height the model's clip height
     * @param width the model's clip width
     */
    public static ClipSampling from(Settings section, int frames, int height, int width) {
        int stride = section.getInt(TEMPORAL_STRIDE, 1, LARGEST_STRIDE);
        List<Double> scales = section.getDoubleList(CROP_SCALES);
        String scalesProblem = scalesProblem(scales);
        if (scalesProblem != null) {
            throw section.invalid(CROP_SCALES, scalesProblem);
        }
        int distortion = section.getInt(MAX_SCALE_DISTORTION, 0, scales.size() - 1);
        boolean flip = section.getBoolean(FLIP);
        Mode mode = Mode.valueOf(section.getChoice(MODE, Mode.settingNames()).toUpperCase(Locale.ROOT));
        return new ClipSampling(frames, height, width, stride, scales, distortion, flip, mode);
    }

    /**
     * Makes the random choices for one clip of a video, all drawn from {@code sampleSeed}: the
     * same seed and video always give the same plan.
     *
     * @param frameCount the video's frames
     * @param videoWidth the video's width in pixels
     * @param videoHeight the video's height in pixels
     */
    public ClipPlan plan(int frameCount, int videoWidth, int videoHeight, long sampleSeed) {
        if (mode == Mode.EVALUATE) {
            return viewPlan(frameCount, videoWidth, videoHeight, EvaluationView.CENTRE);
        }
        SplittableRandom random = new SplittableRandom(sampleSeed);
        int[] indices = TemporalSampling.indices(frameCount, frames, temporalStride, mode, random);
        int[] decodeSize = decodeSize(videoWidth, videoHeight);
        CropWindow crop = MultiScaleCrop.choose(decodeSize[0], decodeSize[1], cropScales, maxScaleDistortion, random);
        boolean flipped = flip && random.nextBoolean();
        return new ClipPlan(indices, decodeSize[0], decodeSize[1], crop, flipped);
    }

    /**
     * Returns the plan of one test view of a video, as VideoMAE's multi-view testing cuts it: the
     * clip's frames {@code temporalStride} apart from {@link EvaluationView#temporalStart} (starts
     * spread evenly over the video); frames decoded at the size that just covers the clip (for a
     * square clip, the shorter side equal to the clip's side); and the clip-sized window at
     * {@link EvaluationView#spatialOffset} along the side with room to spare (the longer side),
     * centred along the other. Nothing is random and nothing is flipped, whatever the mode.
     *
     * @param frameCount the video's frames
     * @param videoWidth the video's width in pixels
     * @param videoHeight the video's height in pixels
     */
    public ClipPlan viewPlan(int frameCount, int videoWidth, int videoHeight, EvaluationView view) {
        int start = view.temporalStart(frameCount - TemporalSampling.span(frames, temporalStride));
        int[] indices = TemporalSampling.indicesFrom(frameCount, frames, temporalStride, start);
        double factor = Math.max((double) width / videoWidth, (double) height / videoHeight);
        int decodeWidth = Math.max(width, (int) Math.round(videoWidth * factor));
        int decodeHeight = Math.max(height, (int) Math.round(videoHeight * factor));
        int roomX = decodeWidth - width;
        int roomY = decodeHeight - height;
        CropWindow crop = roomX >= roomY
                ? new CropWindow(view.spatialOffset(roomX), roomY / 2, width, height)
                : new CropWindow(roomX / 2, view.spatialOffset(roomY), width, height);
        return new ClipPlan(indices, decodeWidth, decodeHeight, crop, false);
    }

    /**
     * Returns the size, width then height, that frames of a {@code videoWidth x videoHeight} video
     * are decoded at for training: the video's aspect ratio, its shorter side shrunk just enough
     * that the smallest crop still holds as many pixels as the clip's longer side, never enlarged.
     * Decoding small keeps a 4K video as cheap to crop as a 240p one.
     */
    int[] decodeSize(int videoWidth, int videoHeight) {
        double smallestScale = cropScales.get(cropScales.size() - 1);
        int wantedShorter = (int) Math.ceil(Math.max(width, height) / smallestScale);
        double factor = Math.min(1.0, (double) wantedShorter / Math.min(videoWidth, videoHeight));
        return new int[] {
            Math.max(1, (int) Math.round(videoWidth * factor)), Math.max(1, (int) Math.round(videoHeight * factor))
        };
    }

    /** Returns why {@code scales} are refused, or {@code null} when they are fine. */
    private static String scalesProblem(List<Double> scales) {
        if (scales == null || scales.isEmpty()) {
            return "must hold at least one scale";
        }
        for (int i = 0; i < scales.size(); i++) {
            double scale = scales.get(i);
            if (!(scale > 0 && scale <= 1)) {
                return "must each be in (0, 1], got " + scale;
            }
            if (i > 0 && scale >= scales.get(i - 1)) {
                return "must be listed largest first, without repeats";
            }
        }
        return null;
    }
}
