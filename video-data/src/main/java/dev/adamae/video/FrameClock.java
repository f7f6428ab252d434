package dev.adamae.video;

/**
 * Numbers the decoded frames of a video. Frame {@code i} is the first frame shown at or after
 * time {@code i / fps} from the stream's start, so that a frame's number follows from its
 * timestamp alone and a decoder that seeks numbers frames exactly as one that decodes from the
 * start. In a file with a gap (dropped or held frames) a number may be skipped; in one whose
 * frames share a time slot, a number may repeat.
 *
 * <p>A video without a usable frame rate is numbered by counting decoded frames instead; such a
 * video cannot be sought.
 */
final class FrameClock {

    /** Frame rates above this are taken for a container's time base, not a real frame rate. */
    static final double MOST_FRAMES_PER_SECOND = 1000;

    private static final double MICROS_PER_SECOND = 1_000_000.0;

    private final double framesPerSecond;
    private final long startMicros;
    private int lastIndex = -1;

    /**
     * Creates the clock.
     *
     * @param framesPerSecond the stream's frame rate; 0, not a number or implausibly high means unknown
     * @param startMicros the timestamp of the stream's start, in microseconds
     */
    FrameClock(double framesPerSecond, long startMicros) {
        this.framesPerSecond = framesPerSecond;
        this.startMicros = startMicros;
    }

    /** Tells whether frames are numbered by timestamp, which a seek needs. */
    boolean timed() {
        return framesPerSecond > 0 && framesPerSecond <= MOST_FRAMES_PER_SECOND;
    }

    /** Forgets the frames seen, before decoding resumes at another place. */
    void restart() {
        lastIndex = -1;
    }

    /** Returns the number of the frame just decoded, whose timestamp is {@code timestampMicros}. */
    int indexOf(long timestampMicros) {
        if (!timed()) {
            return ++lastIndex;
        }
        long fromTimestamp = Math.round((timestampMicros - startMicros) * framesPerSecond / MICROS_PER_SECOND);
        // Numbers never go back, so that a stray timestamp cannot re-deliver an earlier frame.
        lastIndex = (int) Math.max(Math.max(fromTimestamp, lastIndex), 0);
        return lastIndex;
    }

    /** Returns the number of the last frame decoded, or -1 before the first. */
    int lastIndex() {
        return lastIndex;
    }

    /** Returns the time of frame {@code index} from the stream's start, in microseconds. */
    long timeOf(double index) {
        return Math.round(index * MICROS_PER_SECOND / framesPerSecond);
    }
}
