package dev.adamae.runner.train;

/** The names of what a pre-training run keeps in its output folder, for the commands that read it back. */
public final class RunFolder {

    /** The folder of the run's checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /** The run's whole resolved configuration. */
    public static final String CONFIG = "config.conf";

    private RunFolder() {
    }
}
