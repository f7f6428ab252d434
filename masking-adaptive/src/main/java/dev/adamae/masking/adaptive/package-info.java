/**
 * The adaptive masking strategy of Bandara et al., "AdaMAE: Adaptive Masking for Efficient
 * Spatiotemporal Learning with Masked Autoencoders" (arXiv:2211.09120), registered as
 * {@code adaptive}.
 *
 * <p>{@link dev.adamae.masking.adaptive.AdaptiveTokenSampler} adds a sampler network to the
 * model's graph through the SPI's {@link dev.adamae.api.LearnedSampler} hook: one transformer block
 * on the tokenizer's output gives each clip a categorical distribution over its tokens.
 * {@link dev.adamae.masking.adaptive.AdaptiveMaskingStrategy} draws the visible tokens from it
 * without replacement, and the sampler's REINFORCE loss term, weighted by {@code loss-weight},
 * teaches it to show the tokens the decoder reconstructs worst. Settings live under
 * {@code adamae.masking.strategies.adaptive} (see this module's {@code reference.conf}); the
 * attention heads are the model preset's {@code sampler-heads}.
 */
package dev.adamae.masking.adaptive;
