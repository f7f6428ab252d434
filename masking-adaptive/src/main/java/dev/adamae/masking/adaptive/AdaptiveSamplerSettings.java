package dev.adamae.masking.adaptive;

/**
 * The settings of the adaptive token sampler, checked when created.
 *
 * @param lossWeight the weight of the sampler's loss term in the total loss, at least 0
 * @param architecture the network that scores the tokens
 * @param dropout the dropout rate of the block's projection and MLP outputs, in {@code [0, 1)}
 * @param mlpRatio the hidden width of the block's MLP over the token width, positive
 * @param layerNormEpsilon the epsilon of the layer norms, positive
 */
public record AdaptiveSamplerSettings(
        double lossWeight,
        SamplerArchitecture architecture,
        double dropout,
        double mlpRatio,
        double layerNormEpsilon) {

    public AdaptiveSamplerSettings {
        if (!(lossWeight >= 0) || Double.isInfinite(lossWeight)) {
            throw new IllegalArgumentException("The loss weight must be a finite number >= 0, got " + lossWeight);
        }
        if (architecture == null) {
            throw new IllegalArgumentException("A sampler architecture is needed");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("The dropout rate must be at least 0 and below 1, got " + dropout);
        }
        if (!(mlpRatio > 0) || Double.isInfinite(mlpRatio)) {
            throw new IllegalArgumentException("The MLP ratio must be a positive number, got " + mlpRatio);
        }
        if (!(layerNormEpsilon > 0) || Double.isInfinite(layerNormEpsilon)) {
            throw new IllegalArgumentException("The layer norm epsilon must be a positive number, got "
                    + layerNormEpsilon);
        }
    }

    /** Returns the hidden width of the MLP for tokens of width {@code width}: at least 1. */
    public int mlpWidth(int width) {
        return (int) Math.max(1, Math.round(width * mlpRatio));
    }
}
