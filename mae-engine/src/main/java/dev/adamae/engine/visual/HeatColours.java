package dev.adamae.engine.visual;

/**
 * A heat map's colours: black through purple, red and orange to pale yellow, rising in
 * brightness so that the order of values survives a grey print (anchors of matplotlib's inferno).
 */
final class HeatColours {

    private static final int[][] ANCHORS = {
        {0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164},
    };

    private HeatColours() {
    }

    /** Returns the RGB colour of {@code value}, clipped to [0, 1], as {@code 0xRRGGBB}. */
    static int rgb(double value) {
        double clipped = Double.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
        double position = clipped * (ANCHORS.length - 1);
        int lower = Math.min((int) position, ANCHORS.length - 2);
        double fraction = position - lower;
        int rgb = 0;
        for (int channel = 0; channel < 3; channel++) {
            double mixed = ANCHORS[lower][channel] * (1 - fraction) + ANCHORS[lower + 1][channel] * fraction;
            rgb = (rgb << 8) | (int) Math.round(mixed);
        }
        return rgb;
    }
}
