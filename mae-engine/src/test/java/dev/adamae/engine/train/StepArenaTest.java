package dev.adamae.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adamae.api.MaskRequest;
import dev.adamae.api.MaskingStrategy;
import dev.adamae.api.Settings;
import dev.adamae.api.TokenMask;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.model.VideoMaeGraph;
import dev.adamae.engine.model.VideoMaeGraphSpec;
import dev.adamae.engine.model.VideoMaeNames;
import dev.adamae.masking.randompatch.RandomPatchMaskingStrategyFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

class StepArenaTest {

    private final TrainingFixture fixture = new TrainingFixture("adamae.train { batch-size = 2 }");
    private final MaskingStrategy strategy = new RandomPatchMaskingStrategyFactory()
            .create(Settings.ofStrategy(fixture.config, "random-patch"));

    private VideoMaeGraph graph() {
        return VideoMaeGraph.build(new VideoMaeGraphSpec(fixture.model, 2,
                strategy.visibleCount(fixture.model.grid(), TrainingFixture.RATIO), LossType.MSE_NORMALIZED, 5),
                Optional.empty());
    }

    /** Runs four gradient passes and returns, per pass, the loss and the sum of every gradient. */
    private List<double[]> passes(VideoMaeGraph graph, StepArena arena, List<Long> pooledBytes) {
        ClipBatches batches = new ClipBatches(fixture.clips(8), 2, 1, fixture.model, line -> { });
        List<double[]> results = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            if (arena != null) {
                arena.nextStep();
            }
            TokenMask mask = strategy.sample(new MaskRequest(fixture.model.grid(), TrainingFixture.RATIO, 2,
                    new SplittableRandom(step)));
            OutAndGrad result = graph.sameDiff().calculateGradientsAndOutputs(graph.inputs(batches.batch(step).clips(), mask),
                    List.of(VideoMaeNames.LOSS_TOTAL), graph.trainableVariables());
            double gradientSum = 0;
            for (INDArray gradient : result.getGradients().values()) {
                gradientSum += gradient.sumNumber().doubleValue();
            }
            results.add(new double[] {result.getOutputs().get(VideoMaeNames.LOSS_TOTAL).getDouble(0), gradientSum});
            if (arena != null) {
                pooledBytes.add(arena.pooledBytes());
            }
        }
        return results;
    }

    @Test
    void stepsDrawingFromTheArenaComputeExactlyWhatFreshlyAllocatedStepsCompute() {
        List<double[]> plain = passes(graph(), null, new ArrayList<>());
        VideoMaeGraph graph = graph();
        StepArena arena = new StepArena();
        arena.installOn(graph.sameDiff());
        List<double[]> pooled = passes(graph, arena, new ArrayList<>());
        for (int step = 0; step < plain.size(); step++) {
            assertThat(pooled.get(step)).as("step %d", step).containsExactly(plain.get(step));
        }
    }

    @Test
    void afterTheFirstStepAStepAllocatesNothingNew() {
        VideoMaeGraph graph = graph();
        StepArena arena = new StepArena();
        arena.installOn(graph.sameDiff());
        List<Long> pooledBytes = new ArrayList<>();
        passes(graph, arena, pooledBytes);
        assertThat(pooledBytes.get(0)).isPositive();
        assertThat(pooledBytes).containsOnly(pooledBytes.get(0));
    }
}
