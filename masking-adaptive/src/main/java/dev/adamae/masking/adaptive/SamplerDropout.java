package dev.adamae.masking.adaptive;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Inverted dropout for every dropout site of the sampler, from one keep mask drawn by one random
 * op per evaluation of the graph.
 *
 * <p>SameDiff's own dropout ops cannot be used: in ND4J 1.0.0-M2.1 {@code sd.nn.dropout} and
 * {@code sd.nn.dropoutInverted} have no gradient (and take the probability of <em>keeping</em> a
 * value). The mask here is a Bernoulli draw multiplied in, so the gradient flows through the
 * kept values. The draw uses ND4J's global generator, which the engine seeds with the same value
 * before it computes a step's probabilities and before it computes that step's gradients: with a
 * single random op there is no order of draws to differ between the two passes, so both see the
 * same mask, and the masks are drawn from the very distribution whose log-probabilities are
 * trained. Each site takes its own columns of the mask.
 */
final class SamplerDropout {

    private final SameDiff sd;
    private final double rate;
    private final long rows;
    private final long columns;
    private final SDVariable keep;
    private long used;

    /**
     * Draws the keep mask, or none when {@code rate} is 0.
     *
     * @param name the mask's name
     * @param rows the rows of every site
     * @param columns the columns of all sites together
     */
    SamplerDropout(SameDiff sd, String name, double rate, long rows, long columns) {
        this.sd = sd;
        this.rate = rate;
        this.rows = rows;
        this.columns = columns;
        this.keep = rate > 0 ? sd.random.bernoulli(name, 1 - rate, DataType.FLOAT, rows, columns) : null;
    }

    /** Returns {@code x}, {@code [rows, width]}, with values dropped at the given rate and the rest scaled up. */
    SDVariable apply(SDVariable x, int width) {
        if (used + width > columns) {
            throw new IllegalStateException("Dropout sites need more than the " + columns + " columns drawn");
        }
        long from = used;
        used += width;
        if (keep == null) {
            return x;
        }
        SDVariable mask = sd.stridedSlice(keep, new long[] {0, from}, new long[] {rows, from + width},
                new long[] {1, 1});
        return x.mul(mask).mul(1.0 / (1.0 - rate));
    }

    /** Checks that the sites used every column drawn. */
    void checkUsedUp() {
        if (used != columns) {
            throw new IllegalStateException("Dropout sites used " + used + " of the " + columns + " columns drawn");
        }
    }
}
