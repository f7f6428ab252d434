package dev.adamae.runner.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Turns a benchmark's step count or budget into the steps of each entry: equal steps without a
 * budget; {@code floor(budget / GFLOP per step)} for a GFLOP budget, from the analytic count;
 * {@code floor(budget seconds / seconds per step)} for a budget in minutes, from a short
 * measurement of each strategy's step. A budget that gives an entry no step, or a GFLOP budget for
 * a strategy whose step cannot be counted, is refused before any run starts.
 */
public final class StepPlanner {

    /** The analytic FLOPs of one training step of an entry, or empty when they cannot be counted. */
    public interface FlopCount {
        OptionalDouble flopsPerStep(BenchSettings.Entry entry);
    }

    /** Measures the seconds of one pre-training step of an entry. */
    public interface StepTimer {
        double secondsPerStep(BenchSettings.Entry entry);
    }

    /** A budget that cannot be used, with the reason, for the caller to report as a setting error. */
    public static final class RefusedBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedBudget(String message) {
            super(message);
        }
    }

    private final BenchSettings settings;
    private final FlopCount flops;
    private final StepTimer timer;
    private final Consumer<String> notes;

    /**
     * Creates the planner.
     *
     * @param timer measures step times; used only for a budget in minutes
     * @param notes receives one line per measurement
     */
    public StepPlanner(BenchSettings settings, FlopCount flops, StepTimer timer, Consumer<String> notes) {
        this.settings = settings;
        this.flops = flops;
        this.timer = timer;
        this.notes = notes;
    }

    /**
     * Returns the steps of every entry.
     *
     * @throws RefusedBudget when the budget gives an entry no step, or cannot count an entry's step
     */
    public StepPlan plan() {
        Budget budget = settings.budget();
        List<StepPlan.Item> items = new ArrayList<>();
        for (BenchSettings.Entry entry : settings.entries()) {
            OptionalDouble counted = flops.flopsPerStep(entry);
            Double gflop = counted.isPresent() ? Math.round(counted.getAsDouble() / 1e9 * 1e4) / 1e4 : null;
            if (budget == null) {
                items.add(new StepPlan.Item(entry.toString(), settings.pretrainSteps(), gflop, null));
                continue;
            }
            double cost;
            Double seconds = null;
            if (budget.timed()) {
                seconds = timer.secondsPerStep(entry);
                cost = seconds;
            } else if (gflop == null) {
                throw new RefusedBudget(entry + ": the FLOP count cannot count its step (its learned sampler does "
                        + "not report its network's multiply-adds); give the budget in minutes");
            } else {
                cost = counted.getAsDouble() / 1e9;
            }
            long steps = budget.steps(cost);
            String per = budget.timed() ? String.format(Locale.ROOT, "%.3f s a step", cost)
                    : String.format(Locale.ROOT, "%.2f GFLOP a step", cost);
            if (steps < 1) {
                throw new RefusedBudget(budget + " gives " + entry + " no pre-training step (" + per
                        + "); give a larger budget");
            }
            if (steps > Integer.MAX_VALUE) {
                throw new RefusedBudget(budget + " gives " + entry + " more than " + Integer.MAX_VALUE + " steps");
            }
            notes.accept(String.format(Locale.ROOT, "bench: %s at %s: %d pre-training steps for %s", entry, per, steps,
                    budget));
            items.add(new StepPlan.Item(entry.toString(), (int) steps, gflop, seconds));
        }
        return new StepPlan(items);
    }
}
