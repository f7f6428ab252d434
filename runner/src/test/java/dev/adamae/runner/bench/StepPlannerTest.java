package dev.adamae.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Budgets turned into steps per strategy, and the budgets that cannot be. */
class StepPlannerTest {

    private static final BenchSettings.Entry TUBE = new BenchSettings.Entry("tube", 0.9);
    private static final BenchSettings.Entry ADAPTIVE = new BenchSettings.Entry("adaptive", 0.95);

    private static BenchSettings settings(Integer steps, Budget budget) {
        return new BenchSettings(List.of(TUBE, ADAPTIVE), List.of(1L, 2L), steps, budget,
                BenchSettings.Evaluation.PROBE, 0.1, 0, true, "tube", 1, null, 2, 5);
    }

    private static final StepPlanner.FlopCount COUNTED = entry -> OptionalDouble.of(entry == TUBE ? 20.4e9 : 37.8e9);

    private static final StepPlanner.StepTimer NEVER = entry -> {
        throw new AssertionError("no timing without a budget in minutes");
    };

    @Test
    void withoutABudgetEveryEntryGetsTheSameStepsAndItsGflopPerStepIsRecorded() {
        StepPlan plan = new StepPlanner(settings(150, null), COUNTED, NEVER, line -> { }).plan();
        assertThat(plan.items()).extracting(StepPlan.Item::steps).containsExactly(150, 150);
        assertThat(plan.items()).extracting(StepPlan.Item::gflopPerStep).containsExactly(20.4, 37.8);
        assertThat(plan.steps(new BenchRun("adaptive", 0.95, 2))).isEqualTo(150);
        assertThat(plan.steps(BenchRun.control(2))).isZero();
        assertThat(plan.gflopPerStep(BenchRun.control(2))).isZero();
    }

    @Test
    void aGflopBudgetBuysTheWholeStepsEachStrategyCanAfford() {
        StepPlan plan = new StepPlanner(settings(null, Budget.parse("400gflop")), COUNTED, NEVER, line -> { }).plan();
        // floor(400 / 20.4) = 19, floor(400 / 37.8) = 10.
        assertThat(plan.items()).extracting(StepPlan.Item::steps).containsExactly(19, 10);
        assertThat(plan.json().get(0)).containsEntry("run", "tube:0.9").containsEntry("seconds_per_step", null);
    }

    @Test
    void aBudgetInMinutesDividesTheSecondsByEachStrategysMeasuredStep() {
        List<String> timed = new ArrayList<>();
        Map<BenchSettings.Entry, Double> seconds = Map.of(TUBE, 0.7, ADAPTIVE, 1.3);
        StepPlanner.StepTimer timer = entry -> {
            timed.add(entry.toString());
            return seconds.get(entry);
        };
        StepPlan plan = new StepPlanner(settings(null, Budget.parse("3m")), COUNTED, timer, line -> { }).plan();
        // 180 s / 0.7 s = 257.1, 180 s / 1.3 s = 138.5.
        assertThat(plan.items()).extracting(StepPlan.Item::steps).containsExactly(257, 138);
        assertThat(plan.items()).extracting(StepPlan.Item::secondsPerStep).containsExactly(0.7, 1.3);
        assertThat(timed).containsExactly("tube:0.9", "adaptive:0.95");
    }

    @Test
    void aBudgetThatBuysNoStepOrAStepTheCountCannotCountIsRefusedNamingTheStrategy() {
        assertThatThrownBy(() -> new StepPlanner(settings(null, Budget.parse("30gflop")), COUNTED, NEVER, line -> { })
                .plan()).isInstanceOf(StepPlanner.RefusedBudget.class)
                .hasMessageContaining("30gflop gives adaptive:0.95 no pre-training step (37.80 GFLOP a step)");
        StepPlanner.FlopCount uncounted = entry -> entry == TUBE ? OptionalDouble.of(20.4e9) : OptionalDouble.empty();
        assertThatThrownBy(() -> new StepPlanner(settings(null, Budget.parse("400gflop")), uncounted, NEVER,
                line -> { }).plan()).isInstanceOf(StepPlanner.RefusedBudget.class)
                .hasMessageContaining("adaptive:0.95: the FLOP count cannot count its step");
        assertThatThrownBy(() -> new StepPlanner(settings(null, Budget.parse("0.01min")), COUNTED, entry -> 1.0,
                line -> { }).plan()).hasMessageContaining("gives tube:0.9 no pre-training step (1.000 s a step)");
    }

    @Test
    void budgetsAreReadInMinutesOrGflopAndWrittenBackInOneForm() {
        assertThat(Budget.parse("3min")).isEqualTo(new Budget(Budget.Kind.MINUTES, 3));
        assertThat(Budget.parse("3m").toString()).isEqualTo("3min");
        assertThat(Budget.parse("2.5 minutes").toString()).isEqualTo("2.5min");
        assertThat(Budget.parse("400GFLOP").toString()).isEqualTo("400gflop");
        assertThat(Budget.parse("400gflop").steps(20.4)).isEqualTo(19);
        for (String wrong : List.of("3", "min", "3 hours", "-3min", "0gflop")) {
            assertThatThrownBy(() -> Budget.parse(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
