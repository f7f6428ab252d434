package dev.adamae.masking.adaptive;

import static dev.adamae.masking.adaptive.SamplerHost.BATCH;
import static dev.adamae.masking.adaptive.SamplerHost.GRID;
import static dev.adamae.masking.adaptive.SamplerHost.HEADS;
import static dev.adamae.masking.adaptive.SamplerHost.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The sampler's own count of its matrix products, for the host's FLOP count, against the matrix
 * products its forward pass really executes.
 */
class SamplerFlopCountTest {

    /** Adds up the multiply-adds of every matrix product executed: output values times the shared dimension. */
    private static final class MatrixProducts extends BaseListener {
        double multiplyAdds;
        int products;

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                INDArray[] outputs) {
            if (op.getOp().opName().equals("matmul")) {
                INDArray left = opContext.getInputArrays().get(0);
                multiplyAdds += (double) outputs[0].length() * left.size(left.rank() - 1);
                products++;
            }
        }
    }

    @Test
    void theCountIsTheMultiplyAddsOfTheMatrixProductsOfAForwardPassForBothSamplers() {
        for (String sampler : List.of("attention", "mlp")) {
            AdaptiveTokenSampler network = Strategies.adaptive("sampler = " + sampler + ", dropout = 0").sampler();
            SamplerHost host = new SamplerHost(network, 1);
            MatrixProducts counter = new MatrixProducts();
            host.sd.addListeners(counter);
            host.probabilities();
            assertThat(counter.products).as(sampler).isEqualTo(sampler.equals("attention") ? 7 : 3);
            assertThat(network.forwardMultiplyAdds(GRID, BATCH, WIDTH, HEADS)).as(sampler)
                    .hasValue(counter.multiplyAdds);
        }
    }

    @Test
    void theCountGrowsWithTheBatchAndTheAttentionSamplerCostsMoreThanTheMlpOne() {
        AdaptiveTokenSampler attention = Strategies.adaptive("sampler = attention").sampler();
        AdaptiveTokenSampler mlp = Strategies.adaptive("sampler = mlp").sampler();
        double one = attention.forwardMultiplyAdds(GRID, 1, WIDTH, HEADS).orElseThrow();
        assertThat(attention.forwardMultiplyAdds(GRID, 4, WIDTH, HEADS)).hasValue(4 * one);
        assertThat(mlp.forwardMultiplyAdds(GRID, 1, WIDTH, HEADS).orElseThrow()).isLessThan(one);
    }
}
