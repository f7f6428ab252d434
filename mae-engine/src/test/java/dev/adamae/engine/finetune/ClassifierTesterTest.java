package dev.adamae.engine.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.EvaluationView;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ClassifierTesterTest {

    private static final ModelSettings MODEL = new ModelSettings(2, 8, 8, 2, 4, 4,
            new ModelSettings.Transformer(8, 1, 1, 4.0), new ModelSettings.Transformer(8, 1, 1, 4.0), 1);

    /**
     * Six clips of 6 classes; every pixel of a view holds {@code 10 * index + viewNumber}, so the
     * scorer can tell which clip and view it sees. Clip 4 cannot be read.
     */
    private static ClipDataset data(boolean distinctViews) {
        return new ClipDataset() {
            @Override
            public String description() {
                return "coded";
            }

            @Override
            public int size() {
                return 6;
            }

            @Override
            public List<String> classNames() {
                return List.of("a", "b", "c", "d", "e", "f");
            }

            @Override
            public VideoClip read(int index, long sampleSeed) throws UnreadableClipException {
                return readView(index, EvaluationView.CENTRE);
            }

            @Override
            public VideoClip readView(int index, EvaluationView view) throws UnreadableClipException {
                if (index == 4) {
                    throw new UnreadableClipException("coded/4: broken on purpose");
                }
                float[] pixels = new float[3 * 2 * 8 * 8];
                java.util.Arrays.fill(pixels, 10 * index + view.temporalIndex() * view.spatialViews() + view.spatialIndex());
                return new VideoClip("coded/" + index, pixels, 2, 8, 8, index, null);
            }

            @Override
            public boolean hasDistinctViews() {
                return distinctViews;
            }
        };
    }

    /**
     * Scores a view: clip 0 is right in every view; clip 1's views disagree, and their average
     * picks class 1; clip 2 is predicted as 3 (top-2 right); clips 3 and 5 are predicted as 0
     * with the true class sixth.
     */
    private static final class CodedScorer implements ClassifierTester.Scorer {
        final List<Integer> seen = new ArrayList<>();

        @Override
        public int batchSize() {
            return 4;
        }

        @Override
        public float[][] probabilities(INDArray clips) {
            float[][] out = new float[4][6];
            for (int row = 0; row < 4; row++) {
                int code = Math.round(clips.slice(row).getFloat(0));
                seen.add(code);
                int index = code / 10;
                int view = code % 10;
                float[] p = out[row];
                switch (index) {
                    case 0 -> p[0] = 1;
                    case 1 -> {
                        // views 0, 1, 2 vote 1, 1, 2; their average picks class 1 (0.53 against 0.47).
                        p[1] = view < 2 ? 0.7f : 0.2f;
                        p[2] = view < 2 ? 0.3f : 0.8f;
                    }
                    case 2 -> {
                        p[3] = 0.6f;
                        p[2] = 0.4f;
                    }
                    default -> {
                        p[0] = 0.5f;
                        p[1] = 0.2f;
                        p[2] = 0.1f;
                        p[3] = 0.1f;
                        p[4] = 0.1f;
                    }
                }
            }
            return out;
        }
    }

    @Test
    void viewsAreAveragedPerClipAndTopOneTopFiveAndConfusionCounted() {
        List<String> warnings = new ArrayList<>();
        CodedScorer scorer = new CodedScorer();
        TestResult result = new ClassifierTester(MODEL, warnings::add).test(scorer, data(true), 1, 3, done -> { });
        assertThat(result.clips()).isEqualTo(5);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("coded/4: broken on purpose");
        // Right: clips 0 and 1; clip 2 ranks its label second.
        assertThat(result.top1()).isCloseTo(2 / 5.0, within(1e-9));
        // Clip 3's label 3 ranks 4th (0, 1, 2, 3): in the top 5; clip 5's label 5 ranks 6th: out.
        assertThat(result.top5()).isCloseTo(4 / 5.0, within(1e-9));
        assertThat(result.confusion()[1][1]).isEqualTo(1);
        assertThat(result.confusion()[2][3]).isEqualTo(1);
        assertThat(result.confusion()[5][0]).isEqualTo(1);
        assertThat(result.confusion()[4]).containsOnly(0);
        // 5 clips x 3 views, in batches of 4 with the last padded: every view scored once.
        assertThat(scorer.seen).hasSize(16);
        assertThat(scorer.seen.subList(0, 15)).containsExactly(0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32, 50, 51, 52);
    }

    @Test
    void aDataSetWhoseViewsAreAlikeIsTestedWithOneView() {
        CodedScorer scorer = new CodedScorer();
        TestResult result = new ClassifierTester(MODEL, line -> { }).test(scorer, data(false), 2, 3, done -> { });
        assertThat(result.temporalViews()).isEqualTo(1);
        assertThat(result.spatialViews()).isEqualTo(1);
        assertThat(scorer.seen.subList(0, 5)).containsExactly(0, 10, 20, 30, 50);
        // Clip 1's single view votes class 1.
        assertThat(result.confusion()[1][1]).isEqualTo(1);
    }

    @Test
    void dataWithoutLabelsIsRefused() {
        ClipDataset unlabelled = new ClipDataset() {
            @Override
            public String description() {
                return "no labels";
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }

            @Override
            public VideoClip read(int index, long sampleSeed) {
                throw new AssertionError("not read");
            }
        };
        assertThatThrownBy(() -> new ClassifierTester(MODEL, line -> { }).test(new CodedScorer(), unlabelled, 1, 1,
                done -> { })).hasMessageContaining("no labels has no labels to test against");
    }
}
