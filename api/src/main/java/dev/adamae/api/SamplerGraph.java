package dev.adamae.api;

import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What a learned sampler added to the graph.
 *
 * @param probabilities per-token probabilities, {@code [batchSize, tokenCount]}, rows summing to 1
 * @param withoutWeightDecay names of the sampler's trainable variables that the optimiser must
 *     not decay (biases, norms, position embeddings)
 */
public record SamplerGraph(SDVariable probabilities, Set<String> withoutWeightDecay) {

    public SamplerGraph {
        if (probabilities == null) {
            throw new IllegalArgumentException("A sampler graph must output probabilities");
        }
        withoutWeightDecay = Set.copyOf(withoutWeightDecay);
    }
}
