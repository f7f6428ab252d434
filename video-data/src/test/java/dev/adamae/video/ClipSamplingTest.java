package dev.adamae.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.EvaluationView;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClipSamplingTest {

    @Test
    void theDefaultsAreVideoMaesSomethingSomethingRecipe() {
        ClipSampling sampling = TestClips.sampling(16, 112);
        assertThat(sampling.frames()).isEqualTo(16);
        assertThat(sampling.height()).isEqualTo(112);
        assertThat(sampling.width()).isEqualTo(112);
        assertThat(sampling.temporalStride()).isEqualTo(2);
        assertThat(sampling.cropScales()).containsExactly(1.0, 0.875, 0.75, 0.66);
        assertThat(sampling.maxScaleDistortion()).isEqualTo(1);
        assertThat(sampling.flip()).isFalse();
        assertThat(sampling.mode()).isEqualTo(ClipSampling.Mode.TRAIN);
    }

    @Test
    void theDefaultDataSettingsReadEveryKey() {
        VideoDataSettings settings = TestClips.settings(16, 112);
        assertThat(settings.decoder()).isEqualTo(new DecoderOptions(1, true));
        assertThat(settings.minFrames()).isEqualTo(1);
        assertThat(settings.extensions()).contains("mp4", "webm", "avi", "ogv");
        assertThat(settings.isVideoName("Clip.MP4")).isTrue();
        assertThat(settings.isVideoName("notes.txt")).isFalse();
        assertThat(settings.isVideoName(".mp4")).isFalse();
    }

    @Test
    void theClipSizeComesFromTheModel() {
        Config config = ConfigFactory.parseString("""
                adamae.model {
                  clip { frames = 8, height = 48, width = 64 }
                  tubelet { frames = 2, height = 16, width = 16 }
                  encoder { width = 32, depth = 1, heads = 2 }
                  decoder { width = 16, depth = 1, heads = 2 }
                  sampler-heads = 2
                }
                adamae.data.video.temporal-stride = 4
                """).withFallback(ConfigFactory.defaultReference()).resolve();
        VideoDataSettings settings = VideoDataSettings.from(config, ModelSettings.from(config));
        assertThat(settings.sampling().frames()).isEqualTo(8);
        assertThat(settings.sampling().height()).isEqualTo(48);
        assertThat(settings.sampling().width()).isEqualTo(64);
        assertThat(settings.sampling().temporalStride()).isEqualTo(4);
    }

    @Test
    void cropScalesNotLargestFirstAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ClipSampling.from(section("crop-scales = [0.75, 1.0]"), 16, 112, 112))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.video.crop-scales")
                .hasMessageContaining("largest first");
    }

    @Test
    void aScaleAboveOneIsRefused() {
        assertThatThrownBy(() -> ClipSampling.from(section("crop-scales = [1.5, 1.0]"), 16, 112, 112))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("crop-scales");
    }

    @Test
    void aZeroStrideIsRefused() {
        assertThatThrownBy(() -> ClipSampling.from(section("temporal-stride = 0"), 16, 112, 112))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.video.temporal-stride");
    }

    @Test
    void anUnknownModeIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> ClipSampling.from(section("mode = test"), 16, 112, 112))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.video.mode")
                .hasMessageContaining("evaluate")
                .hasMessageContaining("train");
    }

    @Test
    void aDistortionBeyondTheScalesIsRefused() {
        assertThatThrownBy(() -> ClipSampling.from(section("max-scale-distortion = 4"), 16, 112, 112))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("max-scale-distortion");
    }

    @Test
    void anExtensionWithADotIsRefused() {
        Settings section = section("extensions = [\".mp4\"]");
        assertThatThrownBy(() -> VideoDataSettings.from(section, TestClips.sampling(16, 112)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("adamae.data.video.extensions");
    }

    @Test
    void theSameSeedGivesTheSamePlanAndOtherSeedsVary() {
        ClipSampling sampling = TestClips.sampling(16, 112);
        assertThat(sampling.plan(300, 320, 240, 42)).isEqualTo(sampling.plan(300, 320, 240, 42));
        Set<ClipPlan> plans = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            plans.add(sampling.plan(300, 320, 240, seed));
        }
        assertThat(plans).hasSizeGreaterThan(15);
    }

    @Test
    void framesAreDecodedJustLargeEnoughThatTheSmallestCropNeedsNoEnlarging() {
        ClipPlan plan = TestClips.sampling(16, 112).plan(300, 320, 240, 1);
        // ceil(112 / 0.66) = 170 on the shorter side, the aspect ratio kept.
        assertThat(plan.decodeHeight()).isEqualTo(170);
        assertThat(plan.decodeWidth()).isEqualTo(227);
        ClipPlan small = TestClips.sampling(16, 112).plan(300, 160, 120, 1);
        assertThat(small.decodeWidth()).as("never enlarged").isEqualTo(160);
        assertThat(small.decodeHeight()).isEqualTo(120);
    }

    @Test
    void flipIsDrawnOnlyWhenEnabled() {
        ClipSampling noFlip = TestClips.sampling(16, 64);
        ClipSampling withFlip = ClipSampling.from(section("flip = true"), 16, 64, 64);
        Set<Boolean> flips = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            assertThat(noFlip.plan(100, 320, 240, seed).flip()).isFalse();
            flips.add(withFlip.plan(100, 320, 240, seed).flip());
        }
        assertThat(flips).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void evaluationCentresTheStartAndTheCropWhateverTheSeed() {
        ClipSampling evaluation = ClipSampling.from(section("mode = evaluate, flip = true"), 4, 64, 64);
        ClipPlan plan = evaluation.plan(100, 320, 240, 1);
        assertThat(plan).isEqualTo(evaluation.plan(100, 320, 240, 2));
        assertThat(plan.frameIndices()).containsExactly(46, 48, 50, 52);
        assertThat(plan.crop()).isEqualTo(new CropWindow((plan.decodeWidth() - plan.decodeHeight()) / 2, 0,
                plan.decodeHeight(), plan.decodeHeight()));
        assertThat(plan.flip()).isFalse();
    }

    @Test
    void temporalViewsStartEvenlyFromTheFirstToTheLastFrameAtTheStride() {
        ClipSampling sampling = TestClips.sampling(4, 64);
        // 100 frames, 4 at stride 2 span 7: 93 frames of room.
        assertThat(sampling.viewPlan(100, 320, 240, new EvaluationView(0, 3, 0, 1)).frameIndices()).containsExactly(0, 2, 4, 6);
        assertThat(sampling.viewPlan(100, 320, 240, new EvaluationView(1, 3, 0, 1)).frameIndices()).containsExactly(46, 48, 50, 52);
        assertThat(sampling.viewPlan(100, 320, 240, new EvaluationView(2, 3, 0, 1)).frameIndices()).containsExactly(93, 95, 97, 99);
        // A video shorter than the span starts at 0 and repeats its last frame on the grid.
        assertThat(sampling.viewPlan(5, 320, 240, new EvaluationView(1, 2, 0, 1)).frameIndices()).containsExactly(0, 2, 4, 4);
    }

    @Test
    void spatialViewsAreClipSizedCropsAlongTheLongerSideOfTheFrameResizedToCoverTheClip() {
        ClipSampling sampling = TestClips.sampling(4, 64);
        // 320x240 -> 85x64 (the shorter side becomes the clip's): 21 pixels of room across.
        List<ClipPlan> landscape = IntStream.range(0, 3)
                .mapToObj(s -> sampling.viewPlan(100, 320, 240, new EvaluationView(0, 1, s, 3))).toList();
        assertThat(landscape).allSatisfy(plan -> {
            assertThat(plan.decodeWidth()).isEqualTo(85);
            assertThat(plan.decodeHeight()).isEqualTo(64);
            assertThat(plan.flip()).isFalse();
        });
        assertThat(landscape).extracting(ClipPlan::crop).containsExactly(new CropWindow(0, 0, 64, 64),
                new CropWindow(10, 0, 64, 64), new CropWindow(21, 0, 64, 64));
        // Portrait: the crops run down the frame.
        assertThat(sampling.viewPlan(100, 240, 320, new EvaluationView(0, 1, 2, 3)).crop()).isEqualTo(new CropWindow(0, 21, 64, 64));
        // A wide clip: the frame is scaled to cover it, 320x240 -> 128x96 for 128x32, and crops run down the room left.
        ClipSampling wide = ClipSampling.from(section(""), 4, 32, 128);
        ClipPlan bottom = wide.viewPlan(100, 320, 240, new EvaluationView(0, 1, 2, 3));
        assertThat(List.of(bottom.decodeWidth(), bottom.decodeHeight())).containsExactly(128, 96);
        assertThat(bottom.crop()).isEqualTo(new CropWindow(0, 64, 128, 32));
    }

    @Test
    void theSingleViewIsTheEvaluationClipAndTheMiddleOfThree() {
        ClipSampling evaluation = ClipSampling.from(section("mode = evaluate"), 4, 64, 64);
        ClipPlan single = TestClips.sampling(4, 64).viewPlan(101, 320, 240, EvaluationView.CENTRE);
        assertThat(evaluation.plan(101, 320, 240, 7)).isEqualTo(single);
        assertThat(TestClips.sampling(4, 64).viewPlan(101, 320, 240, new EvaluationView(1, 3, 1, 3))).isEqualTo(single);
    }

    /** Returns the defaults with {@code overrides} applied, as section {@value ClipSampling#PATH}. */
    private static Settings section(String overrides) {
        return Settings.section(ConfigFactory.parseString(ClipSampling.PATH + " { " + overrides + " }")
                .withFallback(ConfigFactory.defaultReference()), ClipSampling.PATH);
    }
}
