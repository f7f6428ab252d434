package dev.adamae.runner.train;

import dev.adamae.engine.data.ClipDataset;
import dev.adamae.runner.UsageException;
import java.util.function.Supplier;

/**
 * The labelled clips a classifier is validated and tested on, opened on first use.
 */
public final class ValidationData {

    private final String source;
    private final Supplier<ClipDataset> opener;
    private ClipDataset dataset;

    /**
     * Creates the holder.
     *
     * @param source what {@code adamae.data.validation.source} resolved to, or {@code null} when none is set
     * @param opener opens the data set
     */
    public ValidationData(String source, Supplier<ClipDataset> opener) {
        this.source = source;
        this.opener = opener;
    }

    /**
     * Returns the validation clips.
     *
     * @throws UsageException when none are set for training data other than the embedded set
     */
    public synchronized ClipDataset get() {
        if (source == null) {
            throw new UsageException("No validation data: give labelled clips with --val-data PATH (or set "
                    + TrainingModule.VALIDATION_PATH + ".source); only the embedded data has its own");
        }
        if (dataset == null) {
            dataset = opener.get();
        }
        return dataset;
    }
}
