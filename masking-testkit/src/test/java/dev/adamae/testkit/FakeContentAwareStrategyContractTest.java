package dev.adamae.testkit;

import dev.adamae.api.MaskRatio;
import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;

/** The hand-written content-aware strategy passes the contract kit, content checks and all. */
class FakeContentAwareStrategyContractTest extends MaskingStrategyContractTest {

    @Override
    protected MaskingStrategyFactory factory() {
        return new FakeContentAwareStrategyFactory();
    }

    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int kept = (int) Math.floor(grid.tokenCount() * (1 - ratio) + MaskRatio.EPSILON);
        return kept >= 1 && kept < grid.tokenCount() ? kept : -1;
    }

    /**
     * Not a test here: the kit's own test classes form one module that registers the fake learned
     * strategy alone, and this fake is created directly.
     */
    @Override
    void moduleRegistersExactlyOneFactoryWithServiceLoader() {
    }
}
