package dev.adamae.engine.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What every training loop does around its steps: tells its listeners of the start, of each step
 * and of the end (whether the run ends normally or not), and writes a checkpoint every
 * {@code checkpointEvery} steps and after the last one.
 *
 * <p>A {@link StopRequest} made while the loop runs ends it after the step in progress, with a
 * checkpoint of that step and a {@link TrainingStoppedException}.
 */
public final class TrainingLoop {

    private TrainingLoop() {
    }

    /**
     * Runs steps {@code first} to {@code total - 1}.
     *
     * @param step runs one step, given its index from 0, and returns its metrics
     * @param state the state to save after a number of steps done
     * @param close called once the steps have ended, normally or not, before the listeners' {@code onEnd}
     * @return the metrics of the last step, or {@code null} when there was none left to run
     */
    public static <M extends StepReport> M run(long first, long total, int checkpointEvery,
            List<? extends TrainingListener<? super M>> listeners, CheckpointStore checkpoints, LongFunction<M> step,
            LongFunction<TrainingState> state, Runnable close) {
        M last = null;
        StopRequest.enter();
        try {
            listeners.forEach(listener -> listener.onStart(first, total));
            if (first < total && StopRequest.pending().isPresent()) {
                throw new TrainingStoppedException(StopRequest.pending().get(), first, null);
            }
            for (long done = first; done < total; ) {
                last = step.apply(done);
                done++;
                for (TrainingListener<? super M> listener : listeners) {
                    listener.onStep(last);
                }
                Optional<String> stop = StopRequest.pending();
                Path file = null;
                if (done % checkpointEvery == 0 || done == total || stop.isPresent()) {
                    file = checkpoints.write(state.apply(done));
                    long written = done;
                    Path writtenFile = file;
                    listeners.forEach(listener -> listener.onCheckpoint(written, writtenFile));
                }
                if (stop.isPresent() && done < total) {
                    throw new TrainingStoppedException(stop.get(), done, file);
                }
            }
        } finally {
            StopRequest.leave();
            close.run();
            listeners.forEach(TrainingListener::onEnd);
        }
        return last;
    }
}
