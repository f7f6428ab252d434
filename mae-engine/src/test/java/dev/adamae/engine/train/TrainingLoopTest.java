package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** The loop around the steps: checkpoints, listeners, and a clean stop on request. */
class TrainingLoopTest {

    @TempDir
    Path dir;

    private record Report(long step) implements StepReport {
        @Override
        public double loss() {
            return 1;
        }

        @Override
        public double learningRate() {
            return 0.1;
        }

        @Override
        public double clipsPerSecond() {
            return 1;
        }

        @Override
        public String toJson() {
            return "{\"step\":" + step + "}";
        }
    }

    private static final class Recorder implements TrainingListener<StepReport> {
        final List<Long> steps = new ArrayList<>();
        final List<Long> checkpoints = new ArrayList<>();
        boolean ended;

        @Override
        public void onStep(StepReport metrics) {
            steps.add(metrics.step());
        }

        @Override
        public void onCheckpoint(long step, Path file) {
            checkpoints.add(step);
        }

        @Override
        public void onEnd() {
            ended = true;
        }
    }

    private static TrainingState state(long step) {
        return new TrainingState(step, new Properties(), Map.of("w", Nd4j.ones(2)), 0, Map.of(), Map.of());
    }

    private Report run(long total, long stopDuring, Recorder recorder) {
        return TrainingLoop.run(0, total, 100, List.of(recorder), new CheckpointStore(dir, 3), done -> {
            if (done == stopDuring) {
                assertThat(StopRequest.request("SIGTERM")).as("a running loop takes the request").isTrue();
            }
            return new Report(done + 1);
        }, TrainingLoopTest::state, () -> { });
    }

    @Test
    void aStopRequestEndsTheLoopAfterTheStepInProgressWithACheckpointOfIt() {
        Recorder recorder = new Recorder();
        CheckpointStore store = new CheckpointStore(dir, 3);
        assertThatThrownBy(() -> run(10, 2, recorder))
                .isInstanceOfSatisfying(TrainingStoppedException.class, stopped -> {
                    assertThat(stopped.reason()).isEqualTo("SIGTERM");
                    assertThat(stopped.step()).isEqualTo(3);
                    assertThat(stopped.checkpoint()).isEqualTo(store.fileOf(3));
                })
                .hasMessage("stopped by SIGTERM after step 3; checkpoint " + store.fileOf(3)
                        + " written; continue with --resume");
        assertThat(recorder.steps).containsExactly(1L, 2L, 3L);
        assertThat(recorder.checkpoints).containsExactly(3L);
        assertThat(recorder.ended).isTrue();
        assertThat(store.steps()).containsExactly(3L);
    }

    @Test
    void aRequestIsForgottenOnceTheLoopEndsAndIsRefusedWhenNoLoopRuns() {
        assertThatThrownBy(() -> run(10, 0, new Recorder())).isInstanceOf(TrainingStoppedException.class);
        assertThat(StopRequest.pending()).isEmpty();
        assertThat(StopRequest.request("SIGINT")).isFalse();
        Recorder recorder = new Recorder();
        assertThat(run(4, -1, recorder).step()).isEqualTo(4);
        assertThat(recorder.checkpoints).containsExactly(4L);
    }
}
