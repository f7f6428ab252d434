package dev.adamae.engine.finetune;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;
import dev.adamae.engine.train.LearningRateSchedule;

/**
 * The end-to-end fine-tuning settings, read from {@value #PATH} and checked at start-up.
 *
 * @param epochs passes over the training clips, when {@code steps} is not set
 * @param steps optimiser steps, or 0 to derive them from {@code epochs}
 * @param batchSize clips per step
 * @param seed seeds the head, the data order, mixing and drop path (a scratch encoder too)
 * @param baseLearningRate peak learning rate per 256 clips
 * @param minLearningRate final learning rate per 256 clips
 * @param warmupEpochs epochs of the linear warm-up from 0
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param epsilon AdamW's denominator term
 * @param weightDecay AdamW's decoupled weight decay
 * @param layerDecay layer-wise learning-rate decay (1: off)
 * @param dropPath the last block's drop path rate (0: off)
 * @param mixing mixup, cutmix and label smoothing
 * @param validateEvery steps between single-view validations, or 0 for one at the end of each epoch
 * @param checkpointEvery steps between checkpoints
 * @param keep checkpoints kept, newest first
 */
public record FinetuneSettings(
        int epochs,
        int steps,
        int batchSize,
        long seed,
        double baseLearningRate,
        double minLearningRate,
        double warmupEpochs,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        double layerDecay,
        double dropPath,
        ClipMixing mixing,
        int validateEvery,
        int checkpointEvery,
        int keep) {

    /** The configuration section these settings live in. */
    public static final String PATH = "adamae.finetune";

    /** Reads and checks the settings in {@code config}. */
    public static FinetuneSettings from(Config config) {
        Settings section = Settings.section(config, PATH);
        double baseLearningRate = section.getDouble("base-lr", 0, 10);
        double minLearningRate = section.getDouble("min-lr", 0, 10);
        if (minLearningRate > baseLearningRate) {
            throw section.invalid("min-lr", "must not exceed base-lr " + baseLearningRate);
        }
        Settings mixup = section.section("mixup");
        ClipMixing mixing = new ClipMixing(mixup.getDouble("mixup-alpha", 0, 100), mixup.getDouble("cutmix-alpha", 0, 100),
                mixup.getDouble("prob", 0, 1), mixup.getDouble("switch-prob", 0, 1),
                section.getDouble("label-smoothing", 0, 0.999));
        return new FinetuneSettings(
                section.getInt("epochs", 1, 1_000_000),
                section.isSet("steps") ? section.getInt("steps", 1, Integer.MAX_VALUE) : 0,
                section.getInt("batch-size", 1, 1 << 16),
                section.getLong("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                baseLearningRate,
                minLearningRate,
                section.getDouble("warmup-epochs", 0, 1_000_000),
                section.getDouble("beta1", 0, 0.999999),
                section.getDouble("beta2", 0, 0.999999),
                section.getDouble("epsilon", 1e-12, 1),
                section.getDouble("weight-decay", 0, 1),
                section.getDouble("layer-decay", 0.01, 1),
                section.getDouble("drop-path", 0, 0.99),
                mixing,
                section.isSet("validate-every") ? section.getInt("validate-every", 1, Integer.MAX_VALUE) : 0,
                section.getInt("checkpoint-every", 1, Integer.MAX_VALUE),
                section.getInt("keep", 1, 1000));
    }

    /** Returns the steps of one pass over {@code clips} training clips. */
    public int stepsPerEpoch(int clips) {
        return Math.max(1, (clips + batchSize - 1) / batchSize);
    }

    /** Returns the steps of the run on {@code clips} training clips: {@code steps}, or {@code epochs} passes. */
    public int totalSteps(int clips) {
        return steps > 0 ? steps : epochs * stepsPerEpoch(clips);
    }

    /** Returns the learning-rate schedule of the run on {@code clips} training clips. */
    public LearningRateSchedule schedule(int clips) {
        double scale = batchSize / 256.0;
        int total = totalSteps(clips);
        int warmup = (int) Math.min(total, Math.round(warmupEpochs * stepsPerEpoch(clips)));
        return new LearningRateSchedule(baseLearningRate * scale, minLearningRate * scale, warmup, total);
    }
}
