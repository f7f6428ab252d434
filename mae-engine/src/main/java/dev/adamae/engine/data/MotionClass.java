package dev.adamae.engine.data;

import java.util.Arrays;
import java.util.List;

/**
 * The label of a moving-sprites clip: how its sprites move. The order is the label order.
 *
 * <p>Directions are as seen on screen, where image rows grow downward: {@link #UP} moves towards
 * row 0, and {@link #CLOCKWISE} turns from the right towards the bottom.
 */
public enum MotionClass {
    LEFT("left"),
    RIGHT("right"),
    UP("up"),
    DOWN("down"),
    GROWING("growing"),
    SHRINKING("shrinking"),
    CLOCKWISE("clockwise"),
    COUNTER_CLOCKWISE("counter-clockwise");

    private static final MotionClass[] ALL = values();

    private static final List<String> NAMES = Arrays.stream(ALL).map(MotionClass::displayName).toList();

    private final String displayName;

    MotionClass(String displayName) {
        this.displayName = displayName;
    }

    /** Returns the class name used in reports, e.g. {@code counter-clockwise}. */
    public String displayName() {
        return displayName;
    }

    /** Returns the label of this class: its position in the class list. */
    public int label() {
        return ordinal();
    }

    /** Returns the class with label {@code label}. */
    public static MotionClass ofLabel(int label) {
        if (label < 0 || label >= ALL.length) {
            throw new IllegalArgumentException("No motion class has label " + label + "; labels are 0.." + (ALL.length - 1));
        }
        return ALL[label];
    }

    /** Returns the class names, indexed by label. */
    public static List<String> names() {
        return NAMES;
    }

    /** Returns the number of classes. */
    public static int count() {
        return ALL.length;
    }
}
