package dev.adamae.engine.visual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.Settings;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.MovingSpritesDataset;
import dev.adamae.engine.data.MovingSpritesSettings;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.Reconstruction;
import dev.adamae.engine.model.TubeletLayout;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.model.VideoMaeNames;
import dev.adamae.masking.randompatch.RandomPatchMaskingStrategyFactory;
import java.io.File;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An untrained model of the {@code test} preset shown an embedded clip. */
class VisualizerTest {

    private static final double RATIO = 0.75;
    private static final Config CONFIG = ConfigFactory.parseFile(new File("../conf/presets/test.conf"))
            .withFallback(ConfigFactory.defaultReference()).resolve();
    private static final ModelSettings MODEL = ModelSettings.from(CONFIG);
    private static final TubeletLayout LAYOUT = TubeletLayout.of(MODEL);
    private static final MaskingStrategy STRATEGY = new RandomPatchMaskingStrategyFactory()
            .create(Settings.ofStrategy(CONFIG, "random-patch"));

    private static VideoMaeGraph graph(LossType lossType) {
        return VideoMaeGraph.build(new VideoMaeGraphSpec(MODEL, 1, STRATEGY.visibleCount(MODEL.grid(), RATIO),
                lossType, 7), Optional.empty());
    }

    private static VideoClip clip(int index) {
        return MovingSpritesDataset.forModel(MODEL,
                MovingSpritesSettings.from(Settings.section(CONFIG, MovingSpritesSettings.PATH))).read(index, 0);
    }

    @Test
    void theMaskIsTheStrategysDrawForTheSeedAsAdamaeMasksDrawsIt() {
        Visualization shown = new Visualizer(graph(LossType.MSE_NORMALIZED), STRATEGY, RATIO).show(clip(3), 11);

        TokenMask expected = STRATEGY.sample(new MaskRequest(MODEL.grid(), RATIO, 1, new SplittableRandom(11)));
        assertThat(shown.mask()).isEqualTo(expected);
        assertThat(shown.hasProbabilities()).isFalse();
        assertThat(shown.clipId()).isEqualTo("moving-sprites/3");
    }

    @Test
    void visibleTubeletsShowTheInputAndHiddenOnesThePrediction() {
        VideoClip clip = clip(5);
        Visualization shown = new Visualizer(graph(LossType.MSE_NORMALIZED), STRATEGY, RATIO).show(clip, 2);

        float[] input = Reconstruction.pixels(LAYOUT, clip.pixels());
        assertThat(shown.input()).containsExactly(input);
        int differing = 0;
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < LAYOUT.frames(); t++) {
                for (int y = 0; y < LAYOUT.height(); y++) {
                    for (int x = 0; x < LAYOUT.width(); x++) {
                        int i = LAYOUT.pixelIndex(c, t, y, x);
                        if (shown.isHidden(LAYOUT.tokenAt(t, y, x))) {
                            differing += shown.reconstruction()[i] != input[i] ? 1 : 0;
                        } else {
                            assertThat(shown.reconstruction()[i]).isEqualTo(input[i]);
                        }
                    }
                }
            }
        }
        assertThat(differing).isGreaterThan(0);
    }

    @Test
    void onRawPixelsTheReconstructionsErrorIsTheGraphsReconstructionLoss() {
        VideoMaeGraph graph = graph(LossType.MSE_RAW);
        VideoClip clip = clip(6);
        Visualization shown = new Visualizer(graph, STRATEGY, RATIO).show(clip, 4);

        INDArray clipArray = Nd4j.create(clip.pixels(), new long[] {1, 3, 4, 32, 32}, 'c');
        double loss = graph.sameDiff().output(graph.inputs(clipArray, shown.mask()), VideoMaeNames.LOSS_RECONSTRUCTION)
                .get(VideoMaeNames.LOSS_RECONSTRUCTION).getDouble(0);
        assertThat(shown.hiddenMeanSquaredError()).isCloseTo(loss, within(1e-4 * loss));
    }

    @Test
    void oneSeedGivesOnePictureAndAnotherSeedAnotherMask() {
        Visualizer visualizer = new Visualizer(graph(LossType.MSE_NORMALIZED), STRATEGY, RATIO);
        VideoClip clip = clip(1);

        Visualization first = visualizer.show(clip, 8);
        Visualization again = visualizer.show(clip, 8);
        Visualization other = visualizer.show(clip, 9);

        assertThat(again.mask()).isEqualTo(first.mask());
        assertThat(again.reconstruction()).containsExactly(first.reconstruction());
        assertThat(other.mask()).isNotEqualTo(first.mask());
    }

    @Test
    void aGraphForAnotherVisibleCountOrBatchIsRefused() {
        VideoMaeGraph batchOfTwo = VideoMaeGraph.build(new VideoMaeGraphSpec(MODEL, 2,
                STRATEGY.visibleCount(MODEL.grid(), RATIO), LossType.MSE_NORMALIZED, 7), Optional.empty());

        assertThatThrownBy(() -> new Visualizer(graph(LossType.MSE_NORMALIZED), STRATEGY, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the graph was built for 8");
        assertThatThrownBy(() -> new Visualizer(batchOfTwo, STRATEGY, RATIO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size 2");
    }
}
