package dev.adamae.video;

import dev.adamae.engine.data.VideoClip;
import java.nio.file.Path;

/**
 * One video of a data set.
 *
 * @param file the video file
 * @param label its class index, or {@link VideoClip#NO_LABEL}
 */
public record VideoEntry(Path file, int label) {

    public VideoEntry {
        if (file == null || label < VideoClip.NO_LABEL) {
            throw new IllegalArgumentException("A video entry needs a file and a label >= " + VideoClip.NO_LABEL + ", got "
                    + file + " with label " + label);
        }
    }
}
