package dev.adamae.video;

import java.util.Arrays;

/**
 * The random choices made for one clip of one video: which frames, at what size to decode them,
 * which window to crop and whether to flip it.
 *
 * @param frameIndices the frames to decode, one per clip frame, in clip order
 * @param decodeWidth the width frames are scaled to while decoding
 * @param decodeHeight the height frames are scaled to while decoding
 * @param crop the window of the decoded frames that becomes the clip, resized to the clip size
 * @param flip whether the clip is mirrored left to right
 */
public record ClipPlan(int[] frameIndices, int decodeWidth, int decodeHeight, CropWindow crop, boolean flip) {

    public ClipPlan {
        if (frameIndices.length == 0 || !crop.fitsIn(decodeWidth, decodeHeight)) {
            throw new IllegalArgumentException("A clip plan needs frames and a crop " + crop + " inside the decoded "
                    + decodeWidth + "x" + decodeHeight + " frames");
        }
        frameIndices = frameIndices.clone();
    }

    @Override
    public int[] frameIndices() {
        return frameIndices.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClipPlan plan && Arrays.equals(frameIndices, plan.frameIndices)
                && decodeWidth == plan.decodeWidth && decodeHeight == plan.decodeHeight && crop.equals(plan.crop)
                && flip == plan.flip;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(frameIndices) + crop.hashCode();
    }

    @Override
    public String toString() {
        return "ClipPlan[frames " + Arrays.toString(frameIndices) + ", decoded " + decodeWidth + "x" + decodeHeight + ", crop "
                + crop + (flip ? ", flipped" : "") + "]";
    }
}
