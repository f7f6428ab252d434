package dev.adamae.api;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What the engine hands a learned sampler to build its loss term from.
 *
 * <p>Without a decoder mask the decoder reconstructs every hidden token, and "decoded" below
 * means "hidden". With a decoder mask (VideoMAE V2's dual masking, {@code adamae.masking.decoder})
 * the decoder reconstructs only a fixed number of the hidden tokens per clip, and only those have
 * an error: the others count as visible here (error 0, indicator 0).
 *
 * @param sameDiff the model's graph
 * @param sampler what {@link LearnedSampler#build} returned
 * @param tokenErrors each token's reconstruction error, {@code [batchSize, tokenCount]}: the mean
 *     over the token's target values of the configured reconstruction loss, for decoded tokens,
 *     and 0 for the others; already cut from the gradient
 * @param hiddenIndicator {@code [batchSize, tokenCount]}: 1 where the token is decoded, 0 elsewhere
 * @param batchSize the number of clips in a batch, fixed for the graph
 * @param hiddenCount the number of decoded tokens of each clip: every hidden one without a decoder
 *     mask, fewer with one; fixed for the graph
 * @param scope the prefix the name of every variable the sampler adds must start with
 */
public record SamplerLossInputs(
        SameDiff sameDiff,
        SamplerGraph sampler,
        SDVariable tokenErrors,
        SDVariable hiddenIndicator,
        int batchSize,
        int hiddenCount,
        String scope) {

    public SamplerLossInputs {
        if (sameDiff == null || sampler == null || tokenErrors == null || hiddenIndicator == null || scope == null) {
            throw new IllegalArgumentException("Sampler loss inputs need a graph, the sampler, errors, an indicator and a scope");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be positive, got " + batchSize);
        }
        if (hiddenCount < 1) {
            throw new IllegalArgumentException("At least one token must be hidden, got " + hiddenCount);
        }
    }

    /** Returns {@code scope + localName}. */
    public String name(String localName) {
        return scope + localName;
    }
}
