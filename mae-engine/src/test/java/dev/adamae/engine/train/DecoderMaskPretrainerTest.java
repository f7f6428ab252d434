package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.MaskRequest;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.model.DecodedTokens;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Pre-training with a decoder mask (dual masking) at the {@code test} preset. */
class DecoderMaskPretrainerTest {

    private static final String SETTINGS = "adamae.train { steps = 4, batch-size = 2, checkpoint-every = 100, seed = 3 }";
    private static final double DECODER_RATIO = 0.5;

    @TempDir
    Path dir;

    @Test
    void withoutADecoderMaskTheLossesAreBitIdenticalToTheLoopWithoutTheSetting() {
        TrainingFixture fixture = new TrainingFixture(SETTINGS);
        TrainingFixture.Recorder plain = new TrainingFixture.Recorder();
        TrainingFixture.Recorder unset = new TrainingFixture.Recorder();
        fixture.pretrainer(fixture.clips(4), dir.resolve("a"), List.of(plain)).run(Optional.empty());
        fixture.pretrainer(fixture.clips(4), dir.resolve("b"), List.of(unset), Optional.empty()).run(Optional.empty());

        assertThat(unset.losses()).hasSize(4).containsExactlyElementsOf(plain.losses());
    }

    @Test
    void theDecodedTokensAreHiddenOnesAndFollowTheDecoderStrategysKeptTokens() {
        TrainingFixture fixture = new TrainingFixture(SETTINGS);
        DecoderMasking decoder = new DecoderMasking("random-patch", fixture.randomPatch(), DECODER_RATIO);
        Pretrainer pretrainer = fixture.pretrainer(fixture.clips(4), dir, List.of(), Optional.of(decoder));
        ModelSettings model = fixture.model;
        int batch = fixture.settings.batchSize();
        INDArray clips = Nd4j.rand(DataType.FLOAT, batch, ModelSettings.CHANNELS, model.clipFrames(),
                model.clipHeight(), model.clipWidth());

        for (long step = 0; step < 3; step++) {
            Pretrainer.StepMasks masks = pretrainer.masks(step, clips);
            TokenMask mask = masks.mask();
            DecodedTokens decoded = masks.decoded();
            // The decoder strategy's own draw for this step, from the decoder masks' seed stream.
            TokenMask kept = decoder.strategy().sample(new MaskRequest(model.grid(), DECODER_RATIO, batch,
                    new SplittableRandom(Seeds.derive(fixture.settings.seed(), Seeds.DECODER_MASKS, step)).split()));
            int count = decoder.decodedCount(model.grid(), mask.hiddenCount());

            assertThat(count).isLessThan(mask.hiddenCount());
            assertThat(decoded.count()).isEqualTo(count);
            for (int clip = 0; clip < batch; clip++) {
                Set<Integer> keptHidden = new HashSet<>();
                for (int token : mask.hidden(clip)) {
                    if (kept.isVisible(clip, token)) {
                        keptHidden.add(token);
                    }
                }
                Set<Integer> chosen = new HashSet<>();
                for (int token : decoded.tokens(clip)) {
                    assertThat(mask.isVisible(clip, token)).as("step %d, clip %d, token %d", step, clip, token).isFalse();
                    chosen.add(token);
                }
                if (keptHidden.size() >= count) {
                    assertThat(keptHidden).as("step %d, clip %d", step, clip).containsAll(chosen);
                } else {
                    assertThat(chosen).as("step %d, clip %d", step, clip).containsAll(keptHidden);
                }
            }
        }
    }

    @Test
    void aRunWithADecoderMaskTrainsReproduciblyAndOtherwiseThanWithout() {
        TrainingFixture fixture = new TrainingFixture(SETTINGS);
        DecoderMasking decoder = new DecoderMasking("random-patch", fixture.randomPatch(), DECODER_RATIO);
        TrainingFixture.Recorder first = new TrainingFixture.Recorder();
        TrainingFixture.Recorder second = new TrainingFixture.Recorder();
        TrainingFixture.Recorder without = new TrainingFixture.Recorder();
        fixture.pretrainer(fixture.clips(4), dir.resolve("a"), List.of(first), Optional.of(decoder)).run(Optional.empty());
        fixture.pretrainer(fixture.clips(4), dir.resolve("b"), List.of(second), Optional.of(decoder)).run(Optional.empty());
        fixture.pretrainer(fixture.clips(4), dir.resolve("c"), List.of(without)).run(Optional.empty());

        assertThat(first.losses()).hasSize(4).allSatisfy(loss -> assertThat(loss).isFinite());
        assertThat(second.losses()).containsExactlyElementsOf(first.losses());
        assertThat(first.losses()).isNotEqualTo(without.losses());
    }
}
