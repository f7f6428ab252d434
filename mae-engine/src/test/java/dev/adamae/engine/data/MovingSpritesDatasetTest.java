package dev.adamae.engine.data;

import static dev.adamae.engine.data.MovingSpritesDefaults.TEST_PRESET;
import static dev.adamae.engine.data.MovingSpritesDefaults.TINY_PRESET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.adamae.api.InvalidSettingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MovingSpritesDatasetTest {

    /** The clips the statistical tests look at: 100 of each class. */
    private static final int SAMPLE_CLIPS = 800;

    /** The settings with exactly one sprite per clip, whose foreground is that sprite alone. */
    private static final String ONE_SPRITE = "adamae.data.moving-sprites.sprites { min = 1, max = 1 }";

    /** Slack for float rounding when un-normalising pixels. */
    private static final double ROUNDING = 1e-5;

    private static Stream<Arguments> presetSizes() {
        return Stream.of(Arguments.of("test", TEST_PRESET), Arguments.of("tiny", TINY_PRESET));
    }

    /** Returns the first {@code count} clips, each read when the loop reaches it, so that they are never all held at once. */
    private static Iterable<VideoClip> clips(MovingSpritesDataset dataset, int count) {
        return () -> IntStream.range(0, count).mapToObj(index -> dataset.read(index, 0)).iterator();
    }

    private static double unnormalised(VideoClip clip, int channel, int frame, int y, int x) {
        return clip.pixels()[clip.pixelIndex(channel, frame, y, x)] * VideoClip.STD[channel] + VideoClip.MEAN[channel];
    }

    private static boolean inForeground(VideoClip clip, int frame, int y, int x) {
        return clip.foreground()[(frame * clip.height() + y) * clip.width() + x];
    }

    @Test
    void theSameSeedAndIndexGiveTheSameClipWhateverTheSampleSeed() {
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(TINY_PRESET, "");
        MovingSpritesDataset again = MovingSpritesDefaults.dataset(TINY_PRESET, "");
        for (int index : new int[] {0, 7, 1234, 2047}) {
            VideoClip clip = dataset.read(index, 1);
            assertThat(again.read(index, 99)).isEqualTo(clip);
            assertThat(dataset.read(index, 1)).isEqualTo(clip);
        }
    }

    @Test
    void differentIndicesGiveDifferentClips() {
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(TINY_PRESET, "");
        // Indices 8 apart share a label, so only the content can tell them apart.
        VideoClip first = dataset.read(3, 0);
        VideoClip sameClass = dataset.read(11, 0);
        assertThat(sameClass.label()).isEqualTo(first.label());
        assertThat(sameClass.pixels()).isNotEqualTo(first.pixels());
        assertThat(sameClass.foreground()).isNotEqualTo(first.foreground());
    }

    @Test
    void differentBaseSeedsGiveDifferentClips() {
        VideoClip seedZero = MovingSpritesDefaults.dataset(TINY_PRESET, "").read(5, 0);
        VideoClip seedOne = MovingSpritesDefaults.dataset(TINY_PRESET, "adamae.data.moving-sprites.seed = 1").read(5, 0);
        assertThat(seedOne.label()).isEqualTo(seedZero.label());
        assertThat(seedOne.pixels()).isNotEqualTo(seedZero.pixels());
        assertThat(seedOne.foreground()).isNotEqualTo(seedZero.foreground());
    }

    @Test
    void readingFromManyThreadsGivesTheSameClipsAsReadingInTurn() {
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(TEST_PRESET, "");
        List<VideoClip> inTurn = IntStream.range(0, 64).mapToObj(index -> dataset.read(index, 0)).toList();
        List<VideoClip> together = IntStream.range(0, 64).parallel().mapToObj(index -> dataset.read(index, 0)).toList();
        assertThat(together).isEqualTo(inTurn);
    }

    @ParameterizedTest(name = "{0} preset")
    @MethodSource("presetSizes")
    void clipsHaveTheClipSizeAnIdALabelAndAForeground(String preset, int[] size) {
        VideoClip clip = MovingSpritesDefaults.dataset(size, "").read(42, 0);
        assertThat(clip.id()).isEqualTo("moving-sprites/42");
        assertThat(new int[] {clip.frames(), clip.height(), clip.width()}).isEqualTo(size);
        assertThat(clip.pixels()).hasSize(VideoClip.CHANNELS * size[0] * size[1] * size[2]);
        assertThat(clip.foreground()).hasSize(size[0] * size[1] * size[2]);
        assertThat(clip.label()).isEqualTo(42 % 8);
    }

    @ParameterizedTest(name = "{0} preset")
    @MethodSource("presetSizes")
    void pixelsAreFiniteAndInsideTheUnitRangeOnceUnnormalised(String preset, int[] size) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (VideoClip clip : clips(MovingSpritesDefaults.dataset(size, ""), 64)) {
            for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                for (int frame = 0; frame < clip.frames(); frame++) {
                    for (int y = 0; y < clip.height(); y++) {
                        for (int x = 0; x < clip.width(); x++) {
                            double value = unnormalised(clip, channel, frame, y, x);
                            if (!Double.isFinite(value)) {
                                throw new AssertionError(clip + " has " + value + " in channel " + channel + " at ("
                                        + y + ", " + x + ") in frame " + frame);
                            }
                            lowest = Math.min(lowest, value);
                            highest = Math.max(highest, value);
                        }
                    }
                }
            }
        }
        assertThat(lowest).isGreaterThanOrEqualTo(-ROUNDING);
        assertThat(highest).isLessThanOrEqualTo(1 + ROUNDING);
        // The near-black and near-white sprites use most of the range.
        assertThat(highest - lowest).isGreaterThan(0.8);
    }

    @ParameterizedTest(name = "{0} preset")
    @MethodSource("presetSizes")
    void outsideTheForegroundEveryFrameShowsTheSameTexturedBackground(String preset, int[] size) {
        for (VideoClip clip : clips(MovingSpritesDefaults.dataset(size, ""), 64)) {
            double sum = 0;
            double sumOfSquares = 0;
            int backgroundPixels = 0;
            for (int y = 0; y < clip.height(); y++) {
                for (int x = 0; x < clip.width(); x++) {
                    int pixelY = y;
                    int pixelX = x;
                    if (IntStream.range(0, clip.frames()).anyMatch(frame -> inForeground(clip, frame, pixelY, pixelX))) {
                        continue;
                    }
                    for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                        float first = clip.pixels()[clip.pixelIndex(channel, 0, y, x)];
                        for (int frame = 1; frame < clip.frames(); frame++) {
                            if (clip.pixels()[clip.pixelIndex(channel, frame, y, x)] != first) {
                                throw new AssertionError(clip + ": background channel " + channel + " at (" + y + ", "
                                        + x + ") changes in frame " + frame);
                            }
                        }
                        double value = unnormalised(clip, channel, 0, y, x);
                        sum += value;
                        sumOfSquares += value * value;
                    }
                    backgroundPixels++;
                }
            }
            double values = backgroundPixels * VideoClip.CHANNELS;
            double variance = sumOfSquares / values - (sum / values) * (sum / values);
            // Not a flat colour: the background has texture for the autoencoder to reconstruct.
            assertThat(Math.sqrt(variance)).as("%s background spread", clip).isGreaterThan(0.02);
        }
    }

    @Test
    void backgroundNoiseRoughensTheBackgroundAndChangesNothingElse() {
        MovingSpritesDataset noisy = MovingSpritesDefaults.dataset(TINY_PRESET, "adamae.data.moving-sprites.background-noise = 0.05");
        MovingSpritesDataset clean = MovingSpritesDefaults.dataset(TINY_PRESET, "adamae.data.moving-sprites.background-noise = 0");
        for (int index = 0; index < 16; index++) {
            VideoClip noisyClip = noisy.read(index, 0);
            VideoClip cleanClip = clean.read(index, 0);
            assertThat(cleanClip.label()).isEqualTo(noisyClip.label());
            assertThat(cleanClip.foreground()).isEqualTo(noisyClip.foreground());
            // Uniform noise of +-0.05 makes neighbours differ by 0.033 on average; the gradient and
            // the soft blobs alone change by a few thousandths from one pixel to the next.
            assertThat(meanNeighbourStep(noisyClip)).as("clip %d with noise", index).isGreaterThan(0.02);
            assertThat(meanNeighbourStep(cleanClip)).as("clip %d without noise", index).isLessThan(0.01);
        }
    }

    /** The mean absolute change of a channel between horizontal neighbours of the background in frame 0. */
    private static double meanNeighbourStep(VideoClip clip) {
        double sum = 0;
        int pairs = 0;
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 1; x < clip.width(); x++) {
                if (inForeground(clip, 0, y, x) || inForeground(clip, 0, y, x - 1)) {
                    continue;
                }
                for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                    sum += Math.abs(unnormalised(clip, channel, 0, y, x) - unnormalised(clip, channel, 0, y, x - 1));
                    pairs++;
                }
            }
        }
        return sum / pairs;
    }

    @ParameterizedTest(name = "{0} preset")
    @MethodSource("presetSizes")
    void theForegroundIsNeverEmptyAndCoversAMinorityOfEveryFrame(String preset, int[] size) {
        int framePixels = size[1] * size[2];
        double largestShare = 0;
        for (VideoClip clip : clips(MovingSpritesDefaults.dataset(size, ""), SAMPLE_CLIPS)) {
            ForegroundTrack track = ForegroundTrack.of(clip);
            for (int frame = 0; frame < clip.frames(); frame++) {
                assertThat(track.area(frame)).as("%s foreground in frame %d", clip, frame).isPositive();
                largestShare = Math.max(largestShare, (double) track.area(frame) / framePixels);
            }
        }
        assertThat(largestShare).isLessThan(0.4);
    }

    @ParameterizedTest(name = "{0} preset")
    @MethodSource("presetSizes")
    void noSpriteEverTouchesTheBorderOfTheFrame(String preset, int[] size) {
        int bottom = size[1] - 1;
        int right = size[2] - 1;
        for (VideoClip clip : clips(MovingSpritesDefaults.dataset(size, ""), SAMPLE_CLIPS)) {
            for (int frame = 0; frame < clip.frames(); frame++) {
                for (int y = 0; y <= bottom; y++) {
                    for (int x = 0; x <= right; x++) {
                        boolean onBorder = y == 0 || x == 0 || y == bottom || x == right;
                        if (onBorder && inForeground(clip, frame, y, x)) {
                            throw new AssertionError(clip + " touches the border at (" + y + ", " + x + ") in frame " + frame);
                        }
                    }
                }
            }
        }
    }

    @Test
    void labelsCycleThroughTheEightClassesSoEveryClassHasExactlyAnEighth() {
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(TEST_PRESET, "");
        int[] counts = new int[8];
        for (int index = 0; index < SAMPLE_CLIPS; index++) {
            int label = dataset.read(index, 0).label();
            assertThat(label).isBetween(0, 7);
            counts[label]++;
        }
        // The label is the index modulo 8, so no tolerance is needed: any 8 consecutive clips hold every class once.
        assertThat(counts).containsOnly(SAMPLE_CLIPS / 8);
    }

    @Test
    void theClassesAreTheEightMotionsInLabelOrder() {
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(TEST_PRESET, "");
        assertThat(dataset.classNames()).containsExactly(
                "left", "right", "up", "down", "growing", "shrinking", "clockwise", "counter-clockwise");
        assertThat(dataset.size()).isEqualTo(2048);
        assertThat(dataset.description()).isEqualTo("moving-sprites (2048 clips, seed 0)");
        assertThat(dataset.motionOf(14)).isEqualTo(MotionClass.CLOCKWISE);
    }

    @Test
    void anIndexOutsideTheSetIsRefused() {
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(TEST_PRESET, "adamae.data.moving-sprites.clips = 10");
        assertThatThrownBy(() -> dataset.read(10, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> dataset.read(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest(name = "{0} preset")
    @MethodSource("presetSizes")
    void leftRightUpAndDownMoveTheSpriteThatWayAndNoOtherWay(String preset, int[] size) {
        double shorterSide = Math.min(size[1], size[2]);
        // Every sprite travels at least travel.min = 0.2 of the shorter side; half of it is a clear margin.
        double clearShift = 0.1 * shorterSide;
        // Sideways, the centroid of a sprite sliding straight only wobbles by rounding to whole pixels.
        double wobble = 0.05 * shorterSide;
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(size, ONE_SPRITE);
        for (VideoClip clip : clips(dataset, SAMPLE_CLIPS)) {
            ForegroundTrack track = ForegroundTrack.of(clip);
            double shiftX = track.shiftX();
            double shiftY = track.shiftY();
            switch (MotionClass.ofLabel(clip.label())) {
                case LEFT -> {
                    assertThat(shiftX).as("%s", clip).isLessThan(-clearShift);
                    assertThat(Math.abs(shiftY)).as("%s", clip).isLessThan(wobble);
                }
                case RIGHT -> {
                    assertThat(shiftX).as("%s", clip).isGreaterThan(clearShift);
                    assertThat(Math.abs(shiftY)).as("%s", clip).isLessThan(wobble);
                }
                case UP -> {
                    assertThat(shiftY).as("%s", clip).isLessThan(-clearShift);
                    assertThat(Math.abs(shiftX)).as("%s", clip).isLessThan(wobble);
                }
                case DOWN -> {
                    assertThat(shiftY).as("%s", clip).isGreaterThan(clearShift);
                    assertThat(Math.abs(shiftX)).as("%s", clip).isLessThan(wobble);
                }
                default -> {
                    // The other classes have tests of their own.
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} preset")
    @MethodSource("presetSizes")
    void growingAndShrinkingChangeTheAreaClearlyAroundAFixedCentre(String preset, int[] size) {
        double shorterSide = Math.min(size[1], size[2]);
        // The size changes by growth = 2, the area by about 4; blurred edges of small sprites lower that.
        double clearFactor = 1.8;
        double wobble = 0.05 * shorterSide;
        for (VideoClip clip : clips(MovingSpritesDefaults.dataset(size, ""), SAMPLE_CLIPS)) {
            ForegroundTrack track = ForegroundTrack.of(clip);
            MotionClass motion = MotionClass.ofLabel(clip.label());
            if (motion != MotionClass.GROWING && motion != MotionClass.SHRINKING) {
                continue;
            }
            double areaRatio = (double) track.area(track.last()) / track.area(0);
            if (motion == MotionClass.GROWING) {
                assertThat(areaRatio).as("%s", clip).isGreaterThan(clearFactor);
            } else {
                assertThat(areaRatio).as("%s", clip).isLessThan(1 / clearFactor);
            }
            assertThat(Math.hypot(track.shiftX(), track.shiftY())).as("%s", clip).isLessThan(wobble);
        }
    }

    @ParameterizedTest(name = "{0} preset")
    @MethodSource("presetSizes")
    void clockwiseAndCounterClockwiseTurnThatWayAsSeenOnScreen(String preset, int[] size) {
        double shorterSide = Math.min(size[1], size[2]);
        // The orbit's radius is at least travel.min / 2 = 0.1 of the shorter side; a half turn
        // through 4 frames encloses 1.3 radius squared, so half a radius squared is a clear margin.
        double smallestOrbitRadius = 0.1 * shorterSide;
        double clearArea = 0.5 * smallestOrbitRadius * smallestOrbitRadius;
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(size, ONE_SPRITE);
        for (VideoClip clip : clips(dataset, SAMPLE_CLIPS)) {
            ForegroundTrack track = ForegroundTrack.of(clip);
            switch (MotionClass.ofLabel(clip.label())) {
                case CLOCKWISE -> assertThat(track.turningArea()).as("%s", clip).isGreaterThan(clearArea);
                case COUNTER_CLOCKWISE -> assertThat(track.turningArea()).as("%s", clip).isLessThan(-clearArea);
                default -> assertThat(Math.abs(track.turningArea())).as("%s", clip).isLessThan(clearArea);
            }
        }
    }

    @Test
    void withTwoSpritesTheForegroundStillMovesTheLabelledWay() {
        MovingSpritesDataset dataset = MovingSpritesDefaults.dataset(TINY_PRESET,
                "adamae.data.moving-sprites.sprites { min = 2, max = 2 }");
        double clearShift = 0.1 * TINY_PRESET[1];
        for (VideoClip clip : clips(dataset, SAMPLE_CLIPS)) {
            ForegroundTrack track = ForegroundTrack.of(clip);
            double areaRatio = (double) track.area(track.last()) / track.area(0);
            switch (MotionClass.ofLabel(clip.label())) {
                case LEFT -> assertThat(track.shiftX()).as("%s", clip).isLessThan(-clearShift);
                case RIGHT -> assertThat(track.shiftX()).as("%s", clip).isGreaterThan(clearShift);
                case UP -> assertThat(track.shiftY()).as("%s", clip).isLessThan(-clearShift);
                case DOWN -> assertThat(track.shiftY()).as("%s", clip).isGreaterThan(clearShift);
                case GROWING -> assertThat(areaRatio).as("%s", clip).isGreaterThan(1.5);
                case SHRINKING -> assertThat(areaRatio).as("%s", clip).isLessThan(1 / 1.5);
                default -> {
                    // Two orbits about different centres make no single turn of the union's centroid.
                }
            }
        }
    }

    @Test
    void aClipWithOneFrameIsRefusedBecauseItCannotShowMotion() {
        assertThatThrownBy(() -> MovingSpritesDefaults.dataset(new int[] {1, 32, 32}, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 frames");
    }

    @Test
    void aClipTooSmallForTheSmallestShrinkingSpriteIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> MovingSpritesDefaults.dataset(new int[] {4, 16, 16}, ""))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.moving-sprites.sprite-size.min = 0.14")
                .hasMessageContaining("4x16x16");
    }

    /** Bins per colour channel of the first-frame colour histogram. */
    private static final int HISTOGRAM_BINS = 4;

    /**
     * Returns what the first frame shows: its colour histogram, the foreground's colour histogram,
     * and the foreground's area and centroid.
     */
    private static double[] firstFrameFeatures(VideoClip clip) {
        int colours = HISTOGRAM_BINS * HISTOGRAM_BINS * HISTOGRAM_BINS;
        double[] features = new double[2 * colours + 3];
        ForegroundTrack track = ForegroundTrack.of(clip);
        double framePixels = clip.height() * clip.width();
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                int bin = 0;
                for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                    double value = Math.min(Math.max(unnormalised(clip, channel, 0, y, x), 0), 1);
                    bin = bin * HISTOGRAM_BINS + Math.min((int) (value * HISTOGRAM_BINS), HISTOGRAM_BINS - 1);
                }
                features[bin] += 1 / framePixels;
                if (inForeground(clip, 0, y, x)) {
                    features[colours + bin] += 1.0 / track.area(0);
                }
            }
        }
        features[2 * colours] = track.area(0) / framePixels;
        features[2 * colours + 1] = track.centroidX(0) / clip.width();
        features[2 * colours + 2] = track.centroidY(0) / clip.height();
        return features;
    }

    /** Returns how the foreground changes from the first to the last frame: shift, growth and turn. */
    private static double[] motionFeatures(VideoClip clip) {
        ForegroundTrack track = ForegroundTrack.of(clip);
        return new double[] {track.shiftX(), track.shiftY(),
                Math.log((double) track.area(track.last()) / track.area(0)), track.turningArea()};
    }

    /**
     * Trains a nearest-centroid classifier on the first half of {@code features} and returns its
     * accuracy on the second half; the label of row {@code i} is that of clip {@code i}, {@code i mod 8}.
     */
    private static double heldOutAccuracy(List<double[]> features) {
        int half = features.size() / 2;
        int[] labels = IntStream.range(0, features.size()).map(index -> index % MotionClass.count()).toArray();
        NearestCentroidClassifier classifier = NearestCentroidClassifier.fit(
                features.subList(0, half), Arrays.copyOfRange(labels, 0, half), MotionClass.count());
        return classifier.accuracy(features.subList(half, features.size()), Arrays.copyOfRange(labels, half, labels.length));
    }

    @Test
    void theFirstFrameDoesNotGiveTheLabelAwayWhileTheMotionDoes() {
        List<double[]> firstFrames = new ArrayList<>();
        List<double[]> motions = new ArrayList<>();
        for (VideoClip clip : clips(MovingSpritesDefaults.dataset(TINY_PRESET, ""), SAMPLE_CLIPS)) {
            firstFrames.add(firstFrameFeatures(clip));
            motions.add(motionFeatures(clip));
        }
        // Chance is 1/8 = 12.5%; over 400 held-out clips its standard error is 1.7 points, so 20%
        // is beyond luck: it takes a real difference between the classes' first frames.
        assertThat(heldOutAccuracy(firstFrames)).isLessThan(0.20);
        // The same classifier on the motion finds the classes: it would find a leak too.
        assertThat(heldOutAccuracy(motions)).isGreaterThan(0.80);
    }

    /** Names of the first-frame measures of {@link #firstFrameMeasures}, in order. */
    private static final List<String> FIRST_FRAME_MEASURES = List.of("foreground area", "foreground centroid x",
            "foreground centroid y", "foreground red", "foreground green", "foreground blue", "frame red", "frame green",
            "frame blue");

    /** Returns what the first frame shows, in the order of {@link #FIRST_FRAME_MEASURES}. */
    private static double[] firstFrameMeasures(VideoClip clip) {
        ForegroundTrack track = ForegroundTrack.of(clip);
        double[] foregroundColour = new double[VideoClip.CHANNELS];
        double[] frameColour = new double[VideoClip.CHANNELS];
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                    double value = unnormalised(clip, channel, 0, y, x);
                    frameColour[channel] += value / (clip.height() * clip.width());
                    if (inForeground(clip, 0, y, x)) {
                        foregroundColour[channel] += value / track.area(0);
                    }
                }
            }
        }
        return new double[] {track.area(0), track.centroidX(0), track.centroidY(0), foregroundColour[0],
                foregroundColour[1], foregroundColour[2], frameColour[0], frameColour[1], frameColour[2]};
    }

    @Test
    void everyClassStartsWithTheSameAverageAreaPositionAndColour() {
        List<double[]> measures = new ArrayList<>();
        for (VideoClip clip : clips(MovingSpritesDefaults.dataset(TINY_PRESET, ""), SAMPLE_CLIPS)) {
            measures.add(firstFrameMeasures(clip));
        }
        int perClass = SAMPLE_CLIPS / MotionClass.count();
        for (int measure = 0; measure < FIRST_FRAME_MEASURES.size(); measure++) {
            int column = measure;
            double[] values = measures.stream().mapToDouble(row -> row[column]).toArray();
            double mean = Arrays.stream(values).average().orElseThrow();
            double spread = Math.sqrt(Arrays.stream(values).map(value -> (value - mean) * (value - mean)).average()
                    .orElseThrow());
            // Four standard errors of a class mean of 100 clips: a class whose sprites start
            // smaller, elsewhere or in other colours stands out; chance does not.
            double tolerance = 4 * spread / Math.sqrt(perClass);
            for (MotionClass motion : MotionClass.values()) {
                // Clip i has label i mod 8.
                double classMean = IntStream.range(0, SAMPLE_CLIPS).filter(index -> index % 8 == motion.label())
                        .mapToDouble(index -> values[index]).average().orElseThrow();
                assertThat(classMean).as("first-frame %s of %s", FIRST_FRAME_MEASURES.get(measure), motion.displayName())
                        .isCloseTo(mean, offset(tolerance));
            }
        }
    }
}
