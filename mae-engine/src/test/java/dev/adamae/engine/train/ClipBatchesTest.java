package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.engine.data.ClipDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClipBatchesTest {

    private final TrainingFixture fixture = new TrainingFixture("adamae.train { batch-size = 3 }");

    private List<double[]> firstBatches(ClipBatches batches, int steps) {
        List<double[]> values = new ArrayList<>();
        try (batches) {
            for (int step = 0; step < steps; step++) {
                values.add(batches.batch(step).clips().data().asDouble());
            }
        }
        return values;
    }

    @Test
    void backgroundWorkersGiveExactlyTheBatchesOfTheTrainingThreadBadClipsIncluded() {
        ClipDataset data = fixture.clips(7, index -> index % 3 != 1, new AtomicInteger(Integer.MAX_VALUE));
        ClipBatches inline = new ClipBatches(data, 3, 5, fixture.model, DataLoading.INLINE, line -> { });
        ClipBatches background = new ClipBatches(data, 3, 5, fixture.model, new DataLoading(2, 3), line -> { });
        List<double[]> expected = firstBatches(inline, 6);
        List<double[]> actual = firstBatches(background, 6);
        for (int step = 0; step < expected.size(); step++) {
            assertThat(actual.get(step)).as("step %d", step).containsExactly(expected.get(step));
        }
        assertThat(background.unreadable()).isEqualTo(inline.unreadable()).containsOnlyKeys(1, 4);
    }

    @Test
    void everyClipOfAnEpochIsVisitedOnceBeforeTheNextEpoch() {
        List<String> seen = new ArrayList<>();
        ClipDataset data = fixture.clips(6);
        ClipDataset recording = new ClipDataset() {
            @Override
            public String description() {
                return data.description();
            }

            @Override
            public int size() {
                return data.size();
            }

            @Override
            public List<String> classNames() {
                return data.classNames();
            }

            @Override
            public dev.adamae.engine.data.VideoClip read(int index, long sampleSeed)
                    throws dev.adamae.engine.data.UnreadableClipException {
                seen.add(String.valueOf(index));
                return data.read(index, sampleSeed);
            }
        };
        firstBatches(new ClipBatches(recording, 3, 9, fixture.model, line -> { }), 4);
        assertThat(seen.subList(0, 6)).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
        assertThat(seen.subList(6, 12)).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
        assertThat(seen.subList(0, 6)).isNotEqualTo(seen.subList(6, 12));
    }
}
