package dev.adamae.masking.adaptive;

import dev.adamae.api.MaskingStrategyFactory;
import dev.adamae.api.TokenGrid;
import dev.adamae.testkit.LearnedSamplerContractTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The adaptive strategy honours the contract of every masking strategy and of every learned sampler. */
class AdaptiveMaskingStrategyContractTest extends LearnedSamplerContractTest {

    @Override
    protected MaskingStrategyFactory factory() {
        return new AdaptiveMaskingStrategyFactory();
    }

    /** {@code floor(N x (1 - ratio))} in exact decimal arithmetic, refused when no token or every token stays visible. */
    @Override
    protected int expectedVisibleCount(TokenGrid grid, double ratio) {
        int visible = BigDecimal.valueOf(grid.tokenCount())
                .multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(ratio)))
                .setScale(0, RoundingMode.FLOOR)
                .intValueExact();
        return visible >= 1 && visible < grid.tokenCount() ? visible : -1;
    }

    @Override
    protected Map<String, String> invalidSettings() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("loss-weight = -1e-4", "loss-weight");
        cases.put("loss-weight = lots", "loss-weight");
        cases.put("loss-weight = null", "loss-weight");
        cases.put("dropout = 1", "dropout");
        cases.put("dropout = 1.5", "dropout");
        cases.put("dropout = -0.1", "dropout");
        cases.put("sampler = transformer", "sampler");
        cases.put("sampler = MLP", "sampler");
        cases.put("mlp-ratio = 0", "mlp-ratio");
        cases.put("mlp-ratio = 100", "mlp-ratio");
        cases.put("layer-norm-epsilon = 0", "layer-norm-epsilon");
        cases.put("layer-norm-epsilon = -1e-5", "layer-norm-epsilon");
        return cases;
    }
}
