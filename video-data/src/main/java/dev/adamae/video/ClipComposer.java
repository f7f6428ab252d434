package dev.adamae.video;

import dev.adamae.engine.data.VideoClip;
import java.util.List;

/**
 * Turns decoded frames into a {@link VideoClip}: crops the plan's window out of every frame,
 * resizes it to the clip size, mirrors it when the plan says so, and normalises each colour with
 * the ImageNet mean and standard deviation.
 */
final class ClipComposer {

    private ClipComposer() {
    }

    /**
     * Composes the clip.
     *
     * @param frames the decoded frames, one per clip frame, all of the plan's decode size
     * @param height the clip height
     * @param width the clip width
     */
    static VideoClip compose(String id, int label, List<RgbFrame> frames, ClipPlan plan, int height, int width) {
        CropWindow crop = plan.crop();
        ResizeWeights columns = ResizeWeights.of(crop.x(), crop.width(), width);
        ResizeWeights rows = ResizeWeights.of(crop.y(), crop.height(), height);
        int frameCount = frames.size();
        float[] pixels = new float[VideoClip.CHANNELS * frameCount * height * width];
        // One frame's crop rows after the horizontal pass: [row of the crop][output column][channel].
        float[] resizedRows = new float[crop.height() * width * RgbFrame.CHANNELS];
        for (int t = 0; t < frameCount; t++) {
            RgbFrame frame = frames.get(t);
            if (frame.width() != plan.decodeWidth() || frame.height() != plan.decodeHeight()) {
                throw new IllegalArgumentException("Frame " + t + " of " + id + " is " + frame.width() + "x" + frame.height()
                        + ", the plan expects " + plan.decodeWidth() + "x" + plan.decodeHeight());
            }
            resizeRows(frame, crop, columns, width, resizedRows);
            resizeColumns(resizedRows, crop, rows, t, frameCount, height, width, plan.flip(), pixels);
        }
        return new VideoClip(id, pixels, frameCount, height, width, label, null);
    }

    private static void resizeRows(RgbFrame frame, CropWindow crop, ResizeWeights columns, int width, float[] resizedRows) {
        float[] values = frame.values();
        for (int row = 0; row < crop.height(); row++) {
            int rowStart = (crop.y() + row) * frame.width();
            for (int x = 0; x < width; x++) {
                float red = 0;
                float green = 0;
                float blue = 0;
                for (int k = 0; k < columns.count(x); k++) {
                    float weight = columns.weight(x, k);
                    int at = (rowStart + columns.first(x) + k) * RgbFrame.CHANNELS;
                    red += weight * values[at];
                    green += weight * values[at + 1];
                    blue += weight * values[at + 2];
                }
                int out = (row * width + x) * RgbFrame.CHANNELS;
                resizedRows[out] = red;
                resizedRows[out + 1] = green;
                resizedRows[out + 2] = blue;
            }
        }
    }

    private static void resizeColumns(float[] resizedRows, CropWindow crop, ResizeWeights rows, int t, int frameCount,
            int height, int width, boolean flip, float[] pixels) {
        for (int y = 0; y < height; y++) {
            int firstRow = rows.first(y) - crop.y();
            for (int x = 0; x < width; x++) {
                int targetX = flip ? width - 1 - x : x;
                for (int channel = 0; channel < VideoClip.CHANNELS; channel++) {
                    float value = 0;
                    for (int k = 0; k < rows.count(y); k++) {
                        value += rows.weight(y, k) * resizedRows[((firstRow + k) * width + x) * RgbFrame.CHANNELS + channel];
                    }
                    int at = ((channel * frameCount + t) * height + y) * width + targetX;
                    pixels[at] = (value - VideoClip.MEAN[channel]) / VideoClip.STD[channel];
                }
            }
        }
    }
}
