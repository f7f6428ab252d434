package dev.adamae.engine.visual;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;
import dev.adamae.engine.model.TubeletLayout;

/**
 * How the pictures of a visualisation are drawn, read from {@value #PATH} and checked at start-up.
 *
 * @param panelSize the longest side, in pixels, a panel is scaled up to: each clip pixel becomes a
 *     square of a whole number of pixels (nearest neighbour), the largest that fits, at least 1
 * @param frameMillis how long the animation shows each frame
 */
public record PictureSettings(int panelSize, int frameMillis) {

    /** The configuration section these settings live in. */
    public static final String PATH = "adamae.visualize";

    /** The smallest panel size. */
    public static final int SMALLEST_PANEL = 16;

    /** The largest panel size. */
    public static final int LARGEST_PANEL = 4096;

    /** The shortest frame time: a GIF counts in hundredths of a second. */
    public static final int SHORTEST_FRAME_MS = 10;

    /** The longest frame time. */
    public static final int LONGEST_FRAME_MS = 60_000;

    public PictureSettings {
        if (panelSize < SMALLEST_PANEL || panelSize > LARGEST_PANEL) {
            throw new IllegalArgumentException("The panel size must be between " + SMALLEST_PANEL + " and "
                    + LARGEST_PANEL + " pixels, got " + panelSize);
        }
        if (frameMillis < SHORTEST_FRAME_MS || frameMillis > LONGEST_FRAME_MS) {
            throw new IllegalArgumentException("The frame time must be between " + SHORTEST_FRAME_MS + " and "
                    + LONGEST_FRAME_MS + " ms, got " + frameMillis);
        }
    }

    /** Reads and checks the settings in {@code config}. */
    public static PictureSettings from(Config config) {
        Settings section = Settings.section(config, PATH);
        return new PictureSettings(section.getInt("panel-size", SMALLEST_PANEL, LARGEST_PANEL),
                section.getInt("frame-ms", SHORTEST_FRAME_MS, LONGEST_FRAME_MS));
    }

    /** Returns the size of one clip pixel in the pictures of a clip of this layout. */
    public int scaleFor(TubeletLayout layout) {
        return Math.max(1, panelSize / Math.max(layout.height(), layout.width()));
    }
}
