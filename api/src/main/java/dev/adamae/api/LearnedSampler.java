package dev.adamae.api;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The part of a masking strategy that is a network trained together with the model.
 *
 * <p>The engine calls {@link #build} once, when it builds the model's SameDiff graph, then
 * {@link #loss} once with the per-token reconstruction errors; it adds the returned loss times
 * {@link #lossWeight()} to the reconstruction loss. In each training step it first evaluates the
 * probabilities, asks the strategy for a mask drawn from them, then trains on that mask.
 *
 * <p>The engine knows no strategy by name: everything a learned strategy needs reaches it
 * through these two calls.
 *
 * <p>Random operations in the sampler's graph (dropout) must draw from ND4J's global generator:
 * the engine seeds it with the same value before the probability pass and before the gradient
 * pass of a step, so that both passes draw the same values, and the masks are drawn from the
 * very distribution whose log-probability the loss differentiates, as REINFORCE requires.
 */
public interface LearnedSampler {

    /**
     * Adds the sampler's variables and computations to the graph.
     *
     * @return the per-token probabilities, {@code [batch, tokenCount]}, each row summing to 1
     */
    SamplerGraph build(SamplerGraphInputs inputs);

    /**
     * Builds the strategy's loss term: a scalar.
     *
     * <p>The reconstruction errors it receives are already cut from the gradient, so this loss
     * trains the sampler (and what feeds it) but never the encoder or decoder.
     */
    SDVariable loss(SamplerLossInputs inputs);

    /** Returns the weight of {@link #loss} in the total loss, e.g. 1e-4. */
    double lossWeight();

    /**
     * Returns the multiply-adds of the matrix products in one forward pass of the network
     * {@link #build} writes, over a batch, so that the host's analytic FLOP count (the FLOP
     * figures of {@code adamae perf}, a bench's GFLOP budget) covers the strategy's training
     * steps. Element-wise work, normalisation and softmax are left out, as the host leaves them
     * out of its own count.
     *
     * <p>The default, empty, says the sampler does not count them: the host then has no FLOP count
     * for the strategy's steps, and says so rather than report a partial one.
     *
     * @param grid the token grid
     * @param batchSize the clips of a batch
     * @param width the tokens' embedding width, as {@link SamplerGraphInputs#width()} will be
     * @param heads the attention heads, as {@link SamplerGraphInputs#heads()} will be
     * @since SPI 1.1
     */
    default OptionalDouble forwardMultiplyAdds(TokenGrid grid, int batchSize, int width, int heads) {
        return OptionalDouble.empty();
    }

    /**
     * Returns the names and shapes of the trainable variables {@link #build} creates, without
     * building them, so that the host can check a weight file against the model (what
     * {@code adamae import} does) without starting ND4J or drawing initial values. The names are
     * the full ones, {@code scope} included, as {@link SamplerGraphInputs#name} makes them; the
     * map must hold exactly the variables a build with these arguments creates (the contract kit
     * checks it against a build).
     *
     * <p>The default, empty, says the sampler does not list them: the host then builds the graph
     * to learn them, which is slower but the same.
     *
     * @param grid the token grid
     * @param width the tokens' embedding width, as {@link SamplerGraphInputs#width()} will be
     * @param heads the attention heads, as {@link SamplerGraphInputs#heads()} will be
     * @param scope the prefix of the sampler's variable names, as {@link SamplerGraphInputs#scope()} will be
     * @since SPI 1.3
     */
    default Optional<Map<String, long[]>> variableShapes(TokenGrid grid, int width, int heads, String scope) {
        return Optional.empty();
    }
}
