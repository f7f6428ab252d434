package dev.adamae.video;

/**
 * The video ended before a requested frame: it holds fewer frames than it announced. The caller
 * can choose frames again among the {@link #framesFound()} that exist.
 */
public final class VideoEndedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int framesFound;

    /**
     * Creates the exception.
     *
     * @param message names the file, the frame requested and the frames found
     * @param framesFound how many frames the video holds, at least 1
     */
    public VideoEndedException(String message, int framesFound) {
        super(message);
        this.framesFound = framesFound;
    }

    /** Returns how many frames the video holds. */
    public int framesFound() {
        return framesFound;
    }
}
