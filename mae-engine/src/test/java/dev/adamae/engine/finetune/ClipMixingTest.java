package dev.adamae.engine.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ClipMixingTest {

    private static final int CLASSES = 4;

    /** Four clips [4, 3, 2, 8, 8], clip i filled with the value i. */
    private static INDArray constantClips() {
        INDArray clips = Nd4j.zeros(DataType.FLOAT, 4, 3, 2, 8, 8);
        for (int i = 0; i < 4; i++) {
            clips.slice(i).assign(i);
        }
        return clips;
    }

    @Test
    void betaDrawsHaveTheDistributionsMeanAndVariance() {
        SplittableRandom random = new SplittableRandom(1);
        for (double[] ab : new double[][] {{0.8, 0.8}, {1.0, 1.0}, {2.0, 5.0}}) {
            double a = ab[0];
            double b = ab[1];
            int n = 40_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double x = BetaDistribution.sample(a, b, random);
                assertThat(x).isBetween(0.0, 1.0);
                sum += x;
                squares += x * x;
            }
            double mean = sum / n;
            double variance = squares / n - mean * mean;
            assertThat(mean).isCloseTo(a / (a + b), within(0.01));
            assertThat(variance).isCloseTo(a * b / ((a + b) * (a + b) * (a + b + 1)), within(0.005));
        }
    }

    @Test
    void withoutMixingTargetsAreSmoothedOneHotAndClipsUnchanged() {
        ClipMixing mixing = new ClipMixing(0, 0, 1, 0.5, 0.1);
        INDArray clips = constantClips();
        ClipMixing.Mixed mixed = mixing.apply(clips, new int[] {0, 1, 2, 3}, CLASSES, new SplittableRandom(2));
        assertThat(mixed.kind()).isEqualTo(ClipMixing.Kind.NONE);
        assertThat(mixed.clips()).isEqualTo(clips);
        assertThat(mixed.targets().getDouble(1, 1)).isCloseTo(0.9 + 0.025, within(1e-6));
        assertThat(mixed.targets().getDouble(1, 0)).isCloseTo(0.025, within(1e-6));
        assertThat(mixed.targets().sum(1).toDoubleVector()).containsOnly(new double[] {1.0}, within(1e-6));
    }

    @Test
    void mixupBlendsEachClipWithItsPartnerByLambdaAndTheTargetsLikewise() {
        ClipMixing mixing = new ClipMixing(0.8, 0, 1, 0.5, 0);
        INDArray clips = constantClips();
        ClipMixing.Mixed mixed = mixing.apply(clips, new int[] {0, 1, 2, 3}, CLASSES, new SplittableRandom(3));
        double lambda = mixed.lambda();
        assertThat(mixed.kind()).isEqualTo(ClipMixing.Kind.MIXUP);
        assertThat(lambda).isBetween(0.0, 1.0);
        // Clip 0 (value 0) with clip 3 (value 3).
        assertThat(mixed.clips().slice(0).meanNumber().doubleValue()).isCloseTo(3 * (1 - lambda), within(1e-5));
        assertThat(mixed.clips().slice(1).maxNumber().doubleValue()).isCloseTo(lambda + 2 * (1 - lambda), within(1e-5));
        assertThat(mixed.targets().getDouble(0, 0)).isCloseTo(lambda, within(1e-6));
        assertThat(mixed.targets().getDouble(0, 3)).isCloseTo(1 - lambda, within(1e-6));
        assertThat(clips.slice(0).maxNumber().doubleValue()).isZero();
    }

    @Test
    void cutmixPastesOneBoxIntoEveryFrameAndLambdaIsTheShareKept() {
        ClipMixing mixing = new ClipMixing(0, 1.0, 1, 0.5, 0);
        for (long seed = 0; seed < 20; seed++) {
            ClipMixing.Mixed mixed = mixing.apply(constantClips(), new int[] {0, 1, 2, 3}, CLASSES,
                    new SplittableRandom(seed));
            assertThat(mixed.kind()).isEqualTo(ClipMixing.Kind.CUTMIX);
            INDArray clip = mixed.clips().slice(0);
            // Clip 0 is 0 except the pasted box, which holds clip 3's value 3, the same in every frame and channel.
            double pasted = clip.sumNumber().doubleValue() / 3 / clip.length();
            assertThat(1 - pasted).isCloseTo(mixed.lambda(), within(1e-6));
            INDArray firstPlane = clip.slice(0).slice(0);
            for (int channel = 0; channel < 3; channel++) {
                for (int frame = 0; frame < 2; frame++) {
                    assertThat(clip.slice(channel).slice(frame)).isEqualTo(firstPlane);
                }
            }
            assertThat(mixed.targets().getDouble(0, 0)).isCloseTo(mixed.lambda(), within(1e-6));
        }
    }

    @Test
    void bothOnChoosesCutmixAboutAsOftenAsTheSwitchProbabilitySays() {
        ClipMixing mixing = new ClipMixing(0.8, 1.0, 1, 0.5, 0.1);
        SplittableRandom random = new SplittableRandom(9);
        int cutmix = 0;
        for (int i = 0; i < 400; i++) {
            cutmix += mixing.apply(constantClips(), new int[] {0, 1, 2, 3}, CLASSES, random).kind()
                    == ClipMixing.Kind.CUTMIX ? 1 : 0;
        }
        assertThat(cutmix / 400.0).isCloseTo(0.5, within(0.08));
    }

    @Test
    void theSameDrawsGiveTheSameBatch() {
        ClipMixing mixing = new ClipMixing(0.8, 1.0, 1, 0.5, 0.1);
        ClipMixing.Mixed a = mixing.apply(constantClips(), new int[] {0, 1, 2, 3}, CLASSES, new SplittableRandom(5));
        ClipMixing.Mixed b = mixing.apply(constantClips(), new int[] {0, 1, 2, 3}, CLASSES, new SplittableRandom(5));
        assertThat(a.clips()).isEqualTo(b.clips());
        assertThat(a.targets()).isEqualTo(b.targets());
    }

    @Test
    void labelsOutsideTheClassesAreRefused() {
        assertThatThrownBy(() -> ClipMixing.NONE.apply(constantClips(), new int[] {0, 1, 2, -1}, CLASSES,
                new SplittableRandom(1))).hasMessageContaining("Label -1 is outside the 4 classes");
    }
}
