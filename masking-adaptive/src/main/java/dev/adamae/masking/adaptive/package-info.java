/**
 * The adaptive masking strategy of Bandara et al., "AdaMAE: Adaptive Masking for Efficient
 * Spatiotemporal Learning with Masked Autoencoders" (arXiv:2211.09120): a sampler network that
 * outputs a categorical distribution over the tokens of a clip, from which the visible tokens are
 * drawn without replacement, trained by a REINFORCE loss term through the SPI's
 * {@link dev.adamae.api.LearnedSampler} hook.
 *
 * <p>The module is part of the layout; its strategy is not written yet, so it registers no
 * factory and {@code adamae strategies} does not list it.
 */
package dev.adamae.masking.adaptive;
