package dev.adamae.masking.motionguided;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import dev.adamae.api.TokenSampling;
import java.util.Optional;

/**
 * Motion-guided masking, after Huang et al., "MGMAE: Motion Guided Masking for Video Masked
 * Autoencoding" (arXiv:2308.10794): the tokens where the clip moves are the likeliest to stay
 * visible.
 *
 * <p>Each clip's token motion comes from frame differences on the host ({@link TokenMotion}), not
 * from RAFT optical flow as in MGMAE. The motion above the clip's median, scaled to [0, 1]
 * ({@code s}), gives each token the probability
 * {@code (1 - u) s^(1/T) / sum(s^(1/T)) + u / N} (the uniform share {@code u} alone when no token
 * moves), and {@code N - floor(N x ratio)} visible tokens (random-patch's rounding) are drawn from
 * it without replacement, per clip, from the request's random source: the same content and seed
 * give the same mask, another seed another one.
 */
public final class MotionGuidedMaskingStrategy implements MaskingStrategy {

    /** The strategy's name, for messages. */
    static final String NAME = "motion-guided";

    private final double defaultRatio;
    private final double uniformShare;
    private final double temperature;

    /**
     * Creates the strategy.
     *
     * @param uniformShare the share of the distribution spread evenly over all tokens, in [0, 1]
     * @param temperature the temperature of the motion score, above 0
     */
    public MotionGuidedMaskingStrategy(double defaultRatio, double uniformShare, double temperature) {
        if (!(uniformShare >= 0 && uniformShare <= 1)) {
            throw new IllegalArgumentException("The uniform share must lie in [0, 1], got " + uniformShare);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("The temperature must be a positive number, got " + temperature);
        }
        this.defaultRatio = MaskRatio.check(defaultRatio);
        this.uniformShare = uniformShare;
        this.temperature = temperature;
    }

    @Override
    public double defaultRatio() {
        return defaultRatio;
    }

    @Override
    public int visibleCount(TokenGrid grid, double ratio) {
        int visible = grid.tokenCount() - MaskRatio.hiddenOf(grid.tokenCount(), ratio);
        return MaskRatio.checkVisible(visible, grid, ratio, "tokens");
    }

    @Override
    public boolean needsContent() {
        return true;
    }

    @Override
    public TokenMask sample(MaskRequest request) {
        TokenGrid grid = request.grid();
        int visible = visibleCount(grid, request.ratio());
        ClipContent content = request.requireContent(NAME);
        return TokenMask.ofClips(grid, request.batchSize(),
                clip -> TokenSampling.withoutReplacement(distribution(content, clip), visible, request.random()));
    }

    /** Returns, per clip, the distribution the visible tokens are drawn from. */
    @Override
    public Optional<TokenProbabilities> tokenScores(MaskRequest request) {
        ClipContent content = request.requireContent(NAME);
        double[][] rows = new double[request.batchSize()][];
        for (int clip = 0; clip < rows.length; clip++) {
            rows[clip] = distribution(content, clip);
        }
        return Optional.of(new TokenProbabilities(request.grid(), rows));
    }

    /** Returns the distribution of clip {@code clip}'s tokens: motion scores, tempered, with a uniform share. */
    double[] distribution(ClipContent content, int clip) {
        double[] scores = TokenMotion.scores(TokenMotion.of(content, clip));
        int n = scores.length;
        double[] weights = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = scores[i] > 0 ? Math.pow(scores[i], 1 / temperature) : 0;
            sum += weights[i];
        }
        double[] p = new double[n];
        double motionShare = sum > 0 ? 1 - uniformShare : 0;
        for (int i = 0; i < n; i++) {
            p[i] = (motionShare > 0 ? motionShare * weights[i] / sum : 0) + (1 - motionShare) / n;
        }
        return p;
    }
}
