package dev.adamae.engine.train;

import dev.adamae.api.TokenMask;
import dev.adamae.api.TokenProbabilities;

/**
 * How much a strategy favours the tokens that show moving objects, over their share of the clip.
 *
 * <p>For a mask: the share of visible tokens that are foreground, over the share of all tokens
 * that are foreground (1.0 for a strategy that ignores the content). For a learned sampler's
 * probabilities: the mean probability of the foreground tokens over the mean probability of all
 * tokens. Both are averaged over the clips that have foreground tokens.
 */
public final class ForegroundEnrichment {

    private ForegroundEnrichment() {
    }

    /** Returns the enrichment of the visible tokens of {@code mask}, or {@code NaN} when no clip has foreground. */
    public static double ofMask(TokenMask mask, boolean[][] tokenForeground) {
        double sum = 0;
        int clips = 0;
        for (int clip = 0; clip < mask.batchSize(); clip++) {
            int foreground = count(tokenForeground[clip]);
            if (foreground == 0) {
                continue;
            }
            int visibleForeground = 0;
            for (int token : mask.visible(clip)) {
                visibleForeground += tokenForeground[clip][token] ? 1 : 0;
            }
            double visibleShare = visibleForeground / (double) mask.visibleCount();
            double share = foreground / (double) tokenForeground[clip].length;
            sum += visibleShare / share;
            clips++;
        }
        return clips == 0 ? Double.NaN : sum / clips;
    }

    /** Returns the enrichment of the probabilities, or {@code NaN} when no clip has foreground. */
    public static double ofProbabilities(TokenProbabilities probabilities, boolean[][] tokenForeground) {
        double sum = 0;
        int clips = 0;
        for (int clip = 0; clip < probabilities.batchSize(); clip++) {
            int foreground = count(tokenForeground[clip]);
            if (foreground == 0) {
                continue;
            }
            double[] p = probabilities.clip(clip);
            double foregroundMass = 0;
            for (int token = 0; token < p.length; token++) {
                foregroundMass += tokenForeground[clip][token] ? p[token] : 0;
            }
            // Mean p over the foreground tokens over the mean p over all tokens (which is 1 / N).
            sum += (foregroundMass / foreground) * p.length;
            clips++;
        }
        return clips == 0 ? Double.NaN : sum / clips;
    }

    private static int count(boolean[] flags) {
        int count = 0;
        for (boolean flag : flags) {
            count += flag ? 1 : 0;
        }
        return count;
    }
}
