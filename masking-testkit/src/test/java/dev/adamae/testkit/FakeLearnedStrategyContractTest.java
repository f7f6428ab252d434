package dev.adamae.testkit;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import java.util.Map;

/** The hand-written learned strategy passes the contract kit, graph, loss and gradient included. */
class FakeLearnedStrategyContractTest extends LearnedSamplerContractTest {

    @Override
    protected MaskingStrategyFactory factory() {
        return new FakeLearnedStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int kept = (int) Math.floor(grid.tokenCount() * (1 - ratio) + MaskRatio.EPSILON);
        return kept >= 1 && kept < grid.tokenCount() ? kept : -1;
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("loss-weight = -1", "loss-weight");
    }
}
