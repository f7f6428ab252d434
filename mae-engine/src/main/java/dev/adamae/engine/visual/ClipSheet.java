package dev.adamae.engine.visual;

import dev.adamae.engine.data.VideoClip;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.List;

/**
 * A contact sheet of clips: one row per clip, showing a few of its frames spread evenly from the
 * first to the last, each pixel scaled up to a square, with a gap between frames and rows.
 */
public final class ClipSheet {

    private static final int GAP = 4;
    private static final int BACKGROUND = 0xFFFFFF;

    private ClipSheet() {
    }

    /**
     * Draws {@code clips} (all of one size), {@code frames} frames each (at least 2: the first and
     * the last), each clip pixel a square of {@code scale} pixels.
     */
    public static BufferedImage draw(List<VideoClip> clips, int frames, int scale) {
        if (clips.isEmpty() || frames < 2 || scale < 1) {
            throw new IllegalArgumentException("A sheet needs a clip, at least 2 frames and a scale of at least 1");
        }
        VideoClip first = clips.get(0);
        int panelWidth = first.width() * scale;
        int panelHeight = first.height() * scale;
        int shown = Math.min(frames, first.frames());
        BufferedImage image = new BufferedImage(shown * (panelWidth + GAP) - GAP, clips.size() * (panelHeight + GAP) - GAP,
                BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Arrays.fill(pixels, BACKGROUND);
        for (int row = 0; row < clips.size(); row++) {
            VideoClip clip = clips.get(row);
            if (clip.frames() != first.frames() || clip.height() != first.height() || clip.width() != first.width()) {
                throw new IllegalArgumentException("Clip " + clip.id() + " is not the size of " + first.id());
            }
            for (int column = 0; column < shown; column++) {
                int frame = (int) Math.round((double) column * (clip.frames() - 1) / (shown - 1));
                for (int y = 0; y < clip.height(); y++) {
                    for (int x = 0; x < clip.width(); x++) {
                        int colour = rgb(clip, frame, y, x);
                        for (int dy = 0; dy < scale; dy++) {
                            int start = (row * (panelHeight + GAP) + y * scale + dy) * image.getWidth()
                                    + column * (panelWidth + GAP) + x * scale;
                            Arrays.fill(pixels, start, start + scale, colour);
                        }
                    }
                }
            }
        }
        return image;
    }

    /** The pixel's colour, un-normalised from ImageNet's mean and deviation. */
    private static int rgb(VideoClip clip, int frame, int y, int x) {
        int rgb = 0;
        for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
            float value = clip.pixels()[clip.pixelIndex(channel, frame, y, x)] * VideoClip.STD[channel]
                    + VideoClip.MEAN[channel];
            rgb = (rgb << 8) | Math.round(Math.min(1f, Math.max(0f, value)) * 255f);
        }
        return rgb;
    }
}
