package dev.adamae.engine.train;

import dev.adamae.api.TokenGrid;
import dev.adamae.api.TokenMask;

/**
 * A masking strategy broke its own contract: the mask it drew does not have the visible count it
 * declared for the request, or is for another batch or grid. The message names the strategy and
 * both counts; the fault is the plugin's, not the run's.
 */
public final class StrategyFaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StrategyFaultException(String message) {
        super(message);
    }

    /**
     * Checks a drawn mask against what its request and the strategy's declared visible count call
     * for.
     *
     * @param strategy the strategy's name, for the message
     * @param grid the request's grid
     * @param batch the request's batch size
     * @param declared the strategy's {@code visibleCount(grid, ratio)}
     * @param mask what it drew
     * @throws StrategyFaultException when they differ
     */
    public static void check(String strategy, TokenGrid grid, int batch, int declared, TokenMask mask) {
        if (mask == null) {
            throw new StrategyFaultException("Masking strategy '" + strategy + "' returned no mask");
        }
        if (!mask.grid().equals(grid) || mask.batchSize() != batch) {
            throw new StrategyFaultException("Masking strategy '" + strategy + "' returned a mask of " + mask.batchSize()
                    + " clips on grid " + mask.grid() + " when asked for " + batch + " clips on grid " + grid);
        }
        if (mask.visibleCount() != declared) {
            throw new StrategyFaultException("Masking strategy '" + strategy + "' returned " + mask.visibleCount()
                    + " visible tokens per clip, but its visibleCount declared " + declared + " for this grid and ratio");
        }
    }
}
