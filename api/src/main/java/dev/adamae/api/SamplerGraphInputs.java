package dev.adamae.api;

import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What the engine hands a learned sampler to build on.
 *
 * <p>The sampler creates its variables in {@link org.nd4j.linalg.api.buffer.DataType#FLOAT}, and
 * draws their initial values from {@link #random()} (see {@link Initializers}), so that the same
 * seed gives the same sampler.
 *
 * @param sameDiff the model's graph, to add variables and operations to
 * @param tokens the token embeddings of all {@code tokenCount} tokens of every clip,
 *     {@code [batchSize, tokenCount, width]}, straight from the tokenizer (not cut from the
 *     gradient, so the sampler's loss also trains the tokenizer), without position codes
 * @param grid the token grid
 * @param batchSize the number of clips in a batch, fixed for the graph
 * @param width the embedding width of the tokens
 * @param heads the number of attention heads the model's preset gives auxiliary networks
 * @param scope the prefix the name of every variable the sampler adds must start with (SameDiff
 *     names intermediate results itself; those need no prefix)
 * @param random the seeded generator to draw initial values from
 */
public record SamplerGraphInputs(
        SameDiff sameDiff,
        SDVariable tokens,
        TokenGrid grid,
        int batchSize,
        int width,
        int heads,
        String scope,
        RandomGenerator random) {

    public SamplerGraphInputs {
        if (sameDiff == null || tokens == null || grid == null || scope == null || random == null) {
            throw new IllegalArgumentException("Sampler graph inputs need a graph, tokens, a grid, a scope and a random source");
        }
        if (batchSize < 1 || width < 1 || heads < 1) {
            throw new IllegalArgumentException("Batch size, width and heads must be positive, got "
                    + batchSize + ", " + width + ", " + heads);
        }
    }

    /** Returns {@code scope + localName}: a name fit for a variable of the sampler. */
    public String name(String localName) {
        return scope + localName;
    }
}
