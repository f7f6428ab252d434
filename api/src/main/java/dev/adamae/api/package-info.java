/**
 * The masking SPI of AdaMAE-J: the only types a masking plugin depends on.
 *
 * <p>A plugin implements {@link dev.adamae.api.MaskingStrategyFactory}, registers it in
 * {@code META-INF/services}, and ships its defaults in its {@code reference.conf} under
 * {@code adamae.masking.strategies.<name>}. Strategies trained with the model also implement
 * {@link dev.adamae.api.LearnedSampler}. See {@code docs/writing-a-masking-strategy.md}.
 */
package dev.adamae.api;
