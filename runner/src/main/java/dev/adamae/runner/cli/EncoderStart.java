package dev.adamae.runner.cli;

import dev.adamae.engine.model.VideoClassifierGraph;
import dev.adamae.runner.Console;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the encoder of a classifier comes from, for the commands that train one ({@code finetune},
 * {@code probe}): a pre-training checkpoint, or the weights the seed initialises, never
 * pre-trained (the control a pre-trained encoder is compared with). Exactly one of the two:
 * {@code @ArgGroup(exclusive = true, multiplicity = "1")}.
 */
final class EncoderStart {

    /** The description of an encoder that was never pre-trained, in results and run identities. */
    static final String SCRATCH = "scratch";

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true,
            description = "A pre-training checkpoint whose tokenizer and encoder the classifier starts from.")
    Path checkpoint;

    @Option(names = "--scratch", required = true,
            description = "An encoder never pre-trained: the weights the seed initialises, as pre-training with the "
                    + "same seed would start from.")
    boolean scratch;

    /**
     * Loads the checkpoint's tokenizer and encoder into {@code graph}, or leaves the graph's own
     * initial weights.
     *
     * @return a description of the start, for logs, results and the run's identity
     */
    String apply(VideoClassifierGraph graph, Console console) {
        return checkpoint == null ? SCRATCH : ClassifierJobs.loadEncoder(graph, checkpoint, console);
    }
}
