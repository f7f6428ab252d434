package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainerTest {

    @TempDir
    Path dir;

    @Test
    void theReconstructionLossFallsOverTheFirstSteps() {
        TrainingFixture fixture = new TrainingFixture(
                "adamae.train { steps = 40, batch-size = 4, warmup-steps = 5, base-lr = 0.5, checkpoint-every = 100 }");
        TrainingFixture.Recorder recorder = new TrainingFixture.Recorder();
        fixture.pretrainer(fixture.clips(8), dir, List.of(recorder)).run(Optional.empty());
        List<Double> losses = recorder.losses();
        assertThat(losses).hasSize(40);
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(35, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last).as("mean loss of the last 5 steps, first 5 were %s", first).isLessThan(first * 0.95);
    }

    @Test
    void theSameSeedGivesTheSameLossesStepForStep() {
        String settings = "adamae.train { steps = 5, batch-size = 2, checkpoint-every = 100, seed = 7 }";
        TrainingFixture.Recorder first = new TrainingFixture.Recorder();
        TrainingFixture.Recorder second = new TrainingFixture.Recorder();
        TrainingFixture fixture = new TrainingFixture(settings);
        fixture.pretrainer(fixture.clips(6), dir.resolve("a"), List.of(first)).run(Optional.empty());
        new TrainingFixture(settings).pretrainer(fixture.clips(6), dir.resolve("b"), List.of(second))
                .run(Optional.empty());
        assertThat(second.losses()).containsExactlyElementsOf(first.losses());

        TrainingFixture.Recorder otherSeed = new TrainingFixture.Recorder();
        TrainingFixture other = new TrainingFixture(settings.replace("seed = 7", "seed = 8"));
        other.pretrainer(other.clips(6), dir.resolve("c"), List.of(otherSeed)).run(Optional.empty());
        assertThat(otherSeed.losses()).isNotEqualTo(first.losses());
    }

    @Test
    void aRunResumedFromACheckpointEndsWithTheSameLossesAsOneThatNeverStopped() {
        String settings = "adamae.train { steps = 6, batch-size = 2, checkpoint-every = 3, keep = 5 }";
        TrainingFixture fixture = new TrainingFixture(settings);
        TrainingFixture.Recorder whole = new TrainingFixture.Recorder();
        fixture.pretrainer(fixture.clips(5), dir.resolve("whole"), List.of(whole)).run(Optional.empty());

        CheckpointStore store = new CheckpointStore(dir.resolve("whole"), 5);
        assertThat(store.steps()).containsExactly(3L, 6L);
        TrainingFixture.Recorder resumed = new TrainingFixture.Recorder();
        new TrainingFixture(settings).pretrainer(fixture.clips(5), dir.resolve("resumed"), List.of(resumed))
                .run(Optional.of(store.fileOf(3)));
        assertThat(resumed.steps.get(0).step()).isEqualTo(4);
        assertThat(resumed.losses()).containsExactlyElementsOf(whole.losses().subList(3, 6));
    }

    @Test
    void aLossThatBecomesNanStopsTheRunNamingTheStepAndTheLastGoodCheckpoint() {
        TrainingFixture fixture = new TrainingFixture(
                "adamae.train { steps = 10, batch-size = 2, checkpoint-every = 2 }");
        // Four good steps of two clips each, then every clip is NaN.
        var data = fixture.clips(6, index -> true, new AtomicInteger(8));
        assertThatThrownBy(() -> fixture.pretrainer(data, dir, List.of()).run(Optional.empty()))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("NaN at step 5")
                .hasMessageContaining("step-000000004.ckpt");
        assertThat(new CheckpointStore(dir, 3).steps()).containsExactly(2L, 4L);
        assertThat(CheckpointStore.read(new CheckpointStore(dir, 3).fileOf(4)).step()).isEqualTo(4);
    }

    @Test
    void unreadableClipsAreSkippedCountedAndReportedOnce() {
        TrainingFixture fixture = new TrainingFixture(
                "adamae.train { steps = 6, batch-size = 2, checkpoint-every = 100 }");
        TrainingFixture.Recorder recorder = new TrainingFixture.Recorder();
        var data = fixture.clips(4, index -> index != 2, new AtomicInteger(Integer.MAX_VALUE));
        fixture.pretrainer(data, dir, List.of(recorder)).run(Optional.empty());
        assertThat(recorder.steps).hasSize(6);
        // 12 reads cover the 4 clips three times: clip 2 fails each time.
        assertThat(recorder.steps.get(5).skippedClips()).isEqualTo(3);
        assertThat(fixture.warnings).containsExactly("skipped: ramps/2: unreadable on purpose");
    }

    @Test
    void aResumedRunCountsTheClipsTheWholeRunSkippedAndReportsEachOnce() {
        String settings = "adamae.train { steps = 6, batch-size = 2, checkpoint-every = 3 }";
        TrainingFixture fixture = new TrainingFixture(settings);
        var data = fixture.clips(4, index -> index != 2, new AtomicInteger(Integer.MAX_VALUE));
        TrainingFixture.Recorder whole = new TrainingFixture.Recorder();
        fixture.pretrainer(data, dir, List.of(whole)).run(Optional.empty());

        TrainingFixture resumedFixture = new TrainingFixture(settings);
        TrainingFixture.Recorder resumed = new TrainingFixture.Recorder();
        resumedFixture.pretrainer(data, dir.resolve("resumed"), List.of(resumed))
                .run(Optional.of(new CheckpointStore(dir, 3).fileOf(3)));
        assertThat(resumed.steps.get(0).step()).isEqualTo(4);
        assertThat(resumed.steps.get(2).skippedClips()).isEqualTo(whole.steps.get(5).skippedClips()).isEqualTo(3);
        assertThat(resumedFixture.warnings).as("reported before the checkpoint").isEmpty();
        assertThat(CheckpointStore.read(new CheckpointStore(dir, 3).fileOf(6)).skips().byReason())
                .containsExactly(java.util.Map.entry("unreadable", 3L));
    }

    @Test
    void withStrictLoadingTheFirstUnreadableClipStopsTheRunAndTheCheckpointsWrittenStay() {
        TrainingFixture fixture = new TrainingFixture(
                "adamae.train { steps = 6, batch-size = 2, checkpoint-every = 1, keep = 10 }");
        TrainingFixture.Recorder recorder = new TrainingFixture.Recorder();
        // 4 clips: the first epoch (steps 1 and 2) reads clip 2 at one of them.
        var data = fixture.clips(4, java.util.Map.of(2, "damaged or truncated file"));
        assertThatThrownBy(() -> fixture.pretrainer(data, new DataLoading(1, 2, true), dir, List.of(recorder))
                .run(Optional.empty()))
                .isInstanceOf(DataLoadingException.class)
                .hasMessage("ramps/2: damaged or truncated file");
        assertThat(recorder.steps).hasSizeLessThan(2);
        assertThat(new CheckpointStore(dir, 10).steps()).hasSize(recorder.steps.size());
        assertThat(fixture.warnings).isEmpty();
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedNamingWhatDiffers() {
        String settings = "adamae.train { steps = 2, batch-size = 2, checkpoint-every = 2 }";
        TrainingFixture fixture = new TrainingFixture(settings);
        fixture.pretrainer(fixture.clips(4), dir, List.of()).run(Optional.empty());
        TrainingFixture otherSeed = new TrainingFixture(settings.replace("}", ", seed = 3 }"));
        Path file = new CheckpointStore(dir, 3).fileOf(2);
        assertThatThrownBy(() -> otherSeed.pretrainer(otherSeed.clips(4), dir.resolve("other"), List.of())
                .run(Optional.of(file)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("its seed is 0, this run's is 3");
    }

    @Test
    void aTruncatedCheckpointOrAFileThatIsNotOneIsRefusedNamingIt() throws IOException {
        TrainingFixture fixture = new TrainingFixture("adamae.train { steps = 2, batch-size = 2, checkpoint-every = 2 }");
        fixture.pretrainer(fixture.clips(4), dir, List.of()).run(Optional.empty());
        Path file = new CheckpointStore(dir, 3).fileOf(2);
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = Files.write(dir.resolve("truncated.ckpt"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> CheckpointStore.read(truncated))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("truncated.ckpt")
                .hasMessageContaining("damaged or truncated");
        Path text = Files.writeString(dir.resolve("notes.ckpt"), "not a checkpoint");
        assertThatThrownBy(() -> CheckpointStore.read(text))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("notes.ckpt");
        assertThatThrownBy(() -> CheckpointStore.read(dir.resolve("absent.ckpt")))
                .hasMessageContaining("absent.ckpt: no such file");
    }

    @Test
    void onlyTheNewestCheckpointsAreKeptAndNoTemporaryFileIsLeft() throws IOException {
        TrainingFixture fixture = new TrainingFixture(
                "adamae.train { steps = 5, batch-size = 1, checkpoint-every = 1, keep = 2 }");
        fixture.pretrainer(fixture.clips(3), dir, List.of()).run(Optional.empty());
        assertThat(new CheckpointStore(dir, 2).steps()).containsExactly(4L, 5L);
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }
}
