package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TrainingProgress;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.model.ClipContents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pre-training loop hands a strategy: the batch's content only when it asks, and the progress always. */
class PretrainerContentTest {

    private static final String SETTINGS = "adamae.train { steps = 3, batch-size = 2, checkpoint-every = 100, seed = 4 }";

    @TempDir
    Path dir;

    @Test
    void aStrategyThatDoesNotAskGetsNoContentAndTheStepOfTheRun() {
        TrainingFixture fixture = new TrainingFixture(SETTINGS);
        RecordingStrategy strategy = new RecordingStrategy(fixture.randomPatch(), false);
        fixture.pretrainer(strategy, fixture.clips(5), DataLoading.INLINE, dir, List.of()).run(Optional.empty());
        assertThat(strategy.requests).hasSize(3);
        assertThat(strategy.requests).allSatisfy(request -> assertThat(request.content()).isNull());
        assertThat(strategy.requests.stream().map(MaskRequest::progress))
                .containsExactly(new TrainingProgress(0, 3), new TrainingProgress(1, 3), new TrainingProgress(2, 3));
    }

    @Test
    void aStrategyThatAsksGetsEachBatchCutAsClipContentsCutsIt() {
        TrainingFixture fixture = new TrainingFixture(SETTINGS);
        ClipDataset data = fixture.clips(5);
        RecordingStrategy strategy = new RecordingStrategy(fixture.randomPatch(), true);
        fixture.pretrainer(strategy, data, DataLoading.INLINE, dir, List.of()).run(Optional.empty());
        assertThat(strategy.requests).hasSize(3);
        ClipBatches batches = fixture.batches(data);
        for (int step = 0; step < 3; step++) {
            ClipContent expected = ClipContents.of(batches.batch(step).clips(), fixture.model);
            ClipContent given = strategy.requests.get(step).content();
            assertThat(given).as("step %d", step).isNotNull();
            assertThat(given.values()).as("step %d", step).isEqualTo(expected.values());
            assertThat(given.batchSize()).isEqualTo(2);
            assertThat(strategy.requests.get(step).progress()).isEqualTo(new TrainingProgress(step, 3));
        }
    }

    @Test
    void theGraphTrainsOnTheSameTubeletsWhetherTheyWereCutForTheStrategyOrNot() {
        TrainingFixture fixture = new TrainingFixture(SETTINGS);
        TrainingFixture.Recorder blind = new TrainingFixture.Recorder();
        fixture.pretrainer(new RecordingStrategy(fixture.randomPatch(), false), fixture.clips(5), DataLoading.INLINE,
                dir.resolve("blind"), List.of(blind)).run(Optional.empty());
        TrainingFixture other = new TrainingFixture(SETTINGS);
        TrainingFixture.Recorder seeing = new TrainingFixture.Recorder();
        other.pretrainer(new RecordingStrategy(other.randomPatch(), true), other.clips(5), DataLoading.INLINE,
                dir.resolve("seeing"), List.of(seeing)).run(Optional.empty());
        assertThat(seeing.losses()).hasSize(3).containsExactlyElementsOf(blind.losses());
    }

    /** Draws random-patch masks and records every request it is given. */
    private static final class RecordingStrategy implements MaskingStrategy {
        final List<MaskRequest> requests = new ArrayList<>();
        private final MaskingStrategy drawer;
        private final boolean needsContent;

        RecordingStrategy(MaskingStrategy drawer, boolean needsContent) {
            this.drawer = drawer;
            this.needsContent = needsContent;
        }

        @Override
        public double defaultRatio() {
            return drawer.defaultRatio();
        }

        @Override
        public int visibleCount(TokenGrid grid, double ratio) {
            return drawer.visibleCount(grid, ratio);
        }

        @Override
        public boolean needsContent() {
            return needsContent;
        }

        @Override
        public TokenMask sample(MaskRequest request) {
            requests.add(request);
            return drawer.sample(request);
        }
    }
}
