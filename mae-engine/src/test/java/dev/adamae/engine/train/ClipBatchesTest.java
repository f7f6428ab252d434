package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.UnreadableClipException;
import dev.adamae.engine.data.VideoClip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        // Counted as the batches are handed out: the batches read ahead but not used count for nothing.
        assertThat(background.skipped()).isEqualTo(inline.skipped()).isPositive();
        assertThat(background.skippedByReason()).isEqualTo(inline.skippedByReason());
    }

    @Test
    void skippedClipsAreCountedByReasonMostFrequentFirstAndEachClipIsReportedOnce() {
        List<String> warnings = new ArrayList<>();
        Map<String, Long> failures = new java.util.HashMap<>();
        // Of 6 clips, 1 and 4 are missing and 2 is truncated; 4 steps of 3 clips visit each clip twice.
        ClipDataset data = counting(fixture.clips(6, Map.of(1, "missing file", 4, "missing file", 2, "truncated file")),
                failures);
        ClipBatches batches = new ClipBatches(data, 3, 5, fixture.model, warnings::add);
        firstBatches(batches, 4);
        assertThat(failures.get("missing file")).isGreaterThanOrEqualTo(4).isGreaterThan(failures.get("truncated file"));
        assertThat(batches.skippedByReason()).containsExactly(entry("missing file", failures.get("missing file")),
                entry("truncated file", failures.get("truncated file")));
        assertThat(batches.skipped()).isEqualTo(failures.get("missing file") + failures.get("truncated file"));
        assertThat(warnings).containsExactlyInAnyOrder("skipped: ramps/1: missing file", "skipped: ramps/4: missing file",
                "skipped: ramps/2: truncated file");
    }

    /** Returns {@code data}, counting the failures of its reads by reason in {@code failures}. */
    private static ClipDataset counting(ClipDataset data, Map<String, Long> failures) {
        return new ClipDataset() {
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
            public VideoClip read(int index, long sampleSeed) throws UnreadableClipException {
                try {
                    return data.read(index, sampleSeed);
                } catch (UnreadableClipException e) {
                    failures.merge(e.reason(), 1L, Long::sum);
                    throw e;
                }
            }
        };
    }

    @Test
    void strictLoadingStopsAtTheFirstUnreadableClipWithItsMessageFromWorkersToo() {
        ClipDataset data = fixture.clips(6, Map.of(4, "truncated file"));
        for (DataLoading loading : List.of(new DataLoading(0, 0, true), new DataLoading(2, 3, true))) {
            List<String> warnings = new ArrayList<>();
            try (ClipBatches batches = new ClipBatches(data, 3, 5, fixture.model, loading, warnings::add)) {
                int failingStep = stepReading(4, 6, 3, 5);
                for (int step = 0; step < failingStep; step++) {
                    batches.batch(step);
                }
                assertThatThrownBy(() -> batches.batch(failingStep))
                        .isInstanceOf(DataLoadingException.class)
                        .hasMessage("ramps/4: truncated file")
                        .hasCauseInstanceOf(UnreadableClipException.class);
                assertThat(warnings).isEmpty();
            }
        }
    }

    @Test
    void aDataSetNoClipOfWhichCanBeReadStopsAtOnceSayingSo() {
        AtomicInteger reads = new AtomicInteger();
        ClipDataset none = new ClipDataset() {
            @Override
            public String description() {
                return "broken (5 clips)";
            }

            @Override
            public int size() {
                return 5;
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }

            @Override
            public VideoClip read(int index, long sampleSeed) throws UnreadableClipException {
                reads.incrementAndGet();
                throw new UnreadableClipException("broken/" + index + ": not a video", "not a video");
            }
        };
        try (ClipBatches batches = new ClipBatches(none, 2, 5, fixture.model, line -> { })) {
            assertThatThrownBy(() -> batches.batch(0))
                    .isInstanceOf(DataLoadingException.class)
                    .hasMessageStartingWith("No clip of broken (5 clips) can be read; the last one tried: broken/")
                    .hasMessageEndingWith(": not a video");
        }
        assertThat(reads).hasValue(5);
    }

    /** Returns the first step whose batch holds clip {@code index}, as the inline batches order the clips. */
    private int stepReading(int index, int clips, int batchSize, long seed) {
        List<Integer> order = new ArrayList<>();
        ClipDataset recording = fixture.clips(clips, Map.of());
        ClipDataset spy = new ClipDataset() {
            @Override
            public String description() {
                return recording.description();
            }

            @Override
            public int size() {
                return clips;
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }

            @Override
            public VideoClip read(int i, long sampleSeed) throws UnreadableClipException {
                order.add(i);
                return recording.read(i, sampleSeed);
            }
        };
        firstBatches(new ClipBatches(spy, batchSize, seed, fixture.model, line -> { }), clips / batchSize);
        return order.indexOf(index) / batchSize;
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
