package dev.adamae.engine.finetune;

import java.util.List;

/**
 * The outcome of testing a classifier on labelled clips.
 *
 * @param top1 the share of clips whose most probable class is their label
 * @param top5 the share of clips whose label is among their five most probable classes (all
 *     classes when there are fewer)
 * @param clips the clips tested
 * @param skipped clips that could not be read, left out of the figures
 * @param temporalViews temporal clips per video whose predictions were averaged
 * @param spatialViews spatial crops per clip whose predictions were averaged
 * @param classNames the classes, indexed by label
 * @param confusion {@code confusion[label][predicted]}: clips of each class by predicted class
 */
public record TestResult(double top1, double top5, int clips, int skipped, int temporalViews, int spatialViews,
        List<String> classNames, int[][] confusion) {

    public TestResult {
        classNames = List.copyOf(classNames);
    }
}
