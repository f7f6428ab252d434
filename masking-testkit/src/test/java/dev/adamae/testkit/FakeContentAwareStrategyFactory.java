package dev.adamae.testkit;

import dev.adamae.api.ClipContent;
import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.Settings;
import dev.adamae.api.SpiVersion;
import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;
import dev.adamae.api.TokenSampling;
import java.util.Optional;

/**
 * A content-aware strategy written by hand for the tests: each token's score is the square of its
 * tubelet's mean colour value, normalised over the clip, and the visible tokens are drawn from the
 * scores without replacement, so bright tokens are seen more often.
 */
public final class FakeContentAwareStrategyFactory implements MaskingStrategyFactory {

    static final String NAME = "fake-bright";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Favours bright tokens as visible (test fake)";
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public MaskingStrategy create(Settings settings) {
        return new FakeContentAwareStrategy(settings.getRatio("default-ratio"), Fault.NONE);
    }

    /** Mistakes a content-aware strategy's author can make, for showing that the kit finds each. */
    enum Fault {
        NONE,
        /** Says it needs content, but draws its masks as if it had none. */
        IGNORES_CONTENT,
        /** Takes a request without content for a uniform one instead of refusing it. */
        ACCEPTS_NO_CONTENT,
        /** Scores of the first clip alone, whatever the batch. */
        SCORES_ONE_CLIP
    }

    /** Returns a strategy with the given fault, at ratio 0.75. */
    static MaskingStrategy faulty(Fault fault) {
        return new FakeContentAwareStrategy(0.75, fault);
    }

    static final class FakeContentAwareStrategy implements MaskingStrategy {

        private final double defaultRatio;
        private final Fault fault;

        FakeContentAwareStrategy(double defaultRatio, Fault fault) {
            this.defaultRatio = defaultRatio;
            this.fault = fault;
        }

        @Override
        public double defaultRatio() {
            return defaultRatio;
        }

        @Override
        public int visibleCount(TokenGrid grid, double ratio) {
            return MaskRatio.checkVisible(MaskRatio.keptOf(grid.tokenCount(), ratio), grid, ratio, "tokens");
        }

        @Override
        public boolean needsContent() {
            return true;
        }

        @Override
        public TokenMask sample(MaskRequest request) {
            int visible = visibleCount(request.grid(), request.ratio());
            if (fault == Fault.IGNORES_CONTENT
                    || (fault == Fault.ACCEPTS_NO_CONTENT && request.optionalContent().isEmpty())) {
                return TokenMask.ofClips(request.grid(), request.batchSize(),
                        clip -> TokenSampling.uniformSubset(request.grid().tokenCount(), visible, request.random()));
            }
            TokenProbabilities scores = scores(request);
            return TokenMask.ofClips(request.grid(), request.batchSize(),
                    clip -> TokenSampling.withoutReplacement(scores.clip(clip), visible, request.random()));
        }

        @Override
        public Optional<TokenProbabilities> tokenScores(MaskRequest request) {
            TokenProbabilities scores = scores(request);
            if (fault == Fault.SCORES_ONE_CLIP) {
                return Optional.of(new TokenProbabilities(request.grid(), new double[][] {scores.clip(0)}));
            }
            return Optional.of(scores);
        }

        private static TokenProbabilities scores(MaskRequest request) {
            ClipContent content = request.optionalContent().orElseThrow(() -> new IllegalArgumentException(
                    "The '" + NAME + "' strategy looks at the clips, but the request carries none"));
            int tokens = request.grid().tokenCount();
            double[][] scores = new double[request.batchSize()][tokens];
            for (int clip = 0; clip < request.batchSize(); clip++) {
                double sum = 0;
                for (int token = 0; token < tokens; token++) {
                    float[] tubelet = content.tubelet(clip, token);
                    double mean = 0;
                    for (int i = 0; i < tubelet.length; i++) {
                        mean += ClipContent.unnormalised(tubelet[i], i % ClipContent.CHANNELS);
                    }
                    mean /= tubelet.length;
                    scores[clip][token] = mean * mean + 1e-6;
                    sum += scores[clip][token];
                }
                for (int token = 0; token < tokens; token++) {
                    scores[clip][token] /= sum;
                }
            }
            return new TokenProbabilities(request.grid(), scores);
        }
    }
}
