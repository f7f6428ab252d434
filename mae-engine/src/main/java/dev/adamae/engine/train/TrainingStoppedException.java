package dev.adamae.engine.train;

import java.nio.file.Path;

/** A training loop stopped on request ({@link StopRequest}) after a step, with a checkpoint of that step. */
public final class TrainingStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final long step;
    private final transient Path checkpoint;

    public TrainingStoppedException(String reason, long step, Path checkpoint) {
        super("stopped by " + reason + " after step " + step + (checkpoint == null ? " (no step was done, nothing written)"
                : "; checkpoint " + checkpoint + " written; continue with --resume"));
        this.reason = reason;
        this.step = step;
        this.checkpoint = checkpoint;
    }

    /** Returns what asked for the stop, e.g. {@code SIGTERM}. */
    public String reason() {
        return reason;
    }

    /** Returns the steps done. */
    public long step() {
        return step;
    }

    /** Returns the checkpoint of the last step, or {@code null} when the loop had done no step. */
    public Path checkpoint() {
        return checkpoint;
    }
}
