package dev.adamae.video;

/**
 * What a video file announces about itself, read when it is opened.
 *
 * <p>The frame count is the container's claim (its frame count, or its duration times its frame
 * rate) and can be wrong: damaged, truncated and some AVI files hold fewer frames than they
 * announce. {@link VideoDecoder#countFrames()} counts them by decoding.
 *
 * @param frameCount the announced number of frames, 0 when the container does not say
 * @param framesPerSecond the video stream's frame rate, 0 when the container does not say
 * @param width the width of a frame in pixels
 * @param height the height of a frame in pixels
 * @param codec FFmpeg's short name of the video codec, e.g. {@code h264}, {@code vp9}
 * @param container FFmpeg's name of the container format, e.g. {@code matroska,webm}
 */
public record VideoMetadata(int frameCount, double framesPerSecond, int width, int height, String codec, String container) {

    public VideoMetadata {
        if (frameCount < 0 || !(framesPerSecond >= 0) || width < 1 || height < 1) {
            throw new IllegalArgumentException("Impossible video metadata: " + frameCount + " frames at " + framesPerSecond
                    + " fps, " + width + "x" + height);
        }
    }

    /** Returns the length of the shorter side in pixels. */
    public int shorterSide() {
        return Math.min(width, height);
    }
}
