package dev.adamae.engine.train;

/**
 * Reading the data stopped the run: a clip could not be read while loading is strict, or no clip
 * of the data set can be read at all. The message is one line that names the clip or the data set
 * and the reason; the cause, when there is one, is the clip's {@link dev.adamae.engine.data.UnreadableClipException}.
 */
public final class DataLoadingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataLoadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
