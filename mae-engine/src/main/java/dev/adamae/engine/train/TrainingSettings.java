package dev.adamae.engine.train;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;

/**
 * The pre-training settings, read from {@code adamae.train} and checked at start-up.
 *
 * @param steps optimiser steps of the run
 * @param batchSize clips per step
 * @param seed seeds the weights, the data order and every mask
 * @param baseLearningRate peak learning rate per 256 clips
 * @param minLearningRate final learning rate per 256 clips
 * @param warmupSteps steps of the linear warm-up from 0
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param epsilon AdamW's denominator term
 * @param weightDecay AdamW's decoupled weight decay
 * @param checkpointEvery steps between checkpoints
 * @param keep checkpoints kept, newest first
 */
public record TrainingSettings(
        int steps,
        int batchSize,
        long seed,
        double baseLearningRate,
        double minLearningRate,
        int warmupSteps,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        int checkpointEvery,
        int keep) {

    /** The configuration section these settings live in. */
    public static final String PATH = "adamae.train";

    /** The largest batch a setting may ask for; memory may allow less ({@link dev.adamae.engine.model.ModelMemory}). */
    public static final int LARGEST_BATCH = 1 << 16;

    /** Reads and checks the settings in {@code config}. */
    public static TrainingSettings from(Config config) {
        Settings train = Settings.section(config, PATH);
        int steps = train.getInt("steps", 1, Integer.MAX_VALUE);
        double baseLearningRate = train.getDouble("base-lr", 0, 1);
        double minLearningRate = train.getDouble("min-lr", 0, 1);
        if (minLearningRate > baseLearningRate) {
            throw train.invalid("min-lr", "must not exceed base-lr " + baseLearningRate);
        }
        return new TrainingSettings(
                steps,
                train.getInt("batch-size", 1, LARGEST_BATCH),
                train.getLong("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                baseLearningRate,
                minLearningRate,
                train.getInt("warmup-steps", 0, Integer.MAX_VALUE),
                train.getDouble("beta1", 0, 0.999999),
                train.getDouble("beta2", 0, 0.999999),
                train.getDouble("epsilon", 1e-12, 1),
                train.getDouble("weight-decay", 0, 1),
                train.getInt("checkpoint-every", 1, Integer.MAX_VALUE),
                train.getInt("keep", 1, 1000));
    }

    /** Returns the learning-rate schedule of these settings. */
    public LearningRateSchedule schedule() {
        double scale = batchSize / 256.0;
        return new LearningRateSchedule(baseLearningRate * scale, minLearningRate * scale, warmupSteps, steps);
    }
}
