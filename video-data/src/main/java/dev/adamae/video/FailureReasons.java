package dev.adamae.video;

import dev.adamae.engine.data.UnreadableClipException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** Says in plain words why a video file cannot be read. */
final class FailureReasons {

    private static final Pattern FFMPEG_ERROR_CODE = Pattern.compile("error (-?\\d+)");
    private static final Pattern CODEC_ID = Pattern.compile("codec not found: (\\d+)");
    private static final String JAVACV_HINT = " (For more details, make sure FFmpegLogCallback.set() has been called.)";
    private static final int ERROR_TEXT_SIZE = 128;

    private FailureReasons() {
    }

    /** Checks that {@code file} is a non-empty file this process may read; FFmpeg's reasons for these are obscure. */
    static void checkFile(Path file) throws UnreadableClipException {
        if (Files.isDirectory(file)) {
            throw new UnreadableClipException(file + ": is a folder, not a video file");
        }
        if (!Files.exists(file)) {
            throw new UnreadableClipException(file + (Files.notExists(file) ? ": file not found"
                    : ": cannot be reached (a folder on its path is unreadable)"));
        }
        if (!Files.isReadable(file)) {
            throw new UnreadableClipException(file + ": cannot be read (permission denied)");
        }
        try {
            if (Files.size(file) == 0) {
                throw new UnreadableClipException(file + ": file is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw new UnreadableClipException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Turns the grabber's exception into a reason a user can act on. */
    static String openFailure(Exception e) {
        String message = message(e);
        if (message.contains("avformat_open_input")) {
            return "FFmpeg cannot open it (" + errorText(message) + "): not a video, or a damaged or truncated file";
        }
        if (message.contains("avformat_find_stream_info")) {
            return "FFmpeg cannot read its streams (" + errorText(message) + "): a damaged or truncated file";
        }
        if (message.contains("Did not find a video")) {
            return "has no video stream";
        }
        if (message.contains("Unsupported video format or codec not found")) {
            Matcher id = CODEC_ID.matcher(message);
            String name = id.find() ? avcodec.avcodec_get_name(Integer.parseInt(id.group(1))).getString() : "none";
            return "unsupported video codec" + ("none".equals(name) ? " (unknown to FFmpeg)" : " (" + name + ", no decoder)");
        }
        if (message.contains("avcodec_open2")) {
            return "FFmpeg cannot open its video decoder (" + errorText(message) + ")";
        }
        return "FFmpeg cannot open it (" + message + ")";
    }

    /** Returns FFmpeg's text for the error code in a grabber's message. */
    private static String errorText(String message) {
        Matcher code = FFMPEG_ERROR_CODE.matcher(message);
        if (!code.find()) {
            return message;
        }
        int error = Integer.parseInt(code.group(1));
        try (BytePointer text = new BytePointer(ERROR_TEXT_SIZE)) {
            if (avutil.av_strerror(error, text, ERROR_TEXT_SIZE) != 0) {
                return "error " + error;
            }
            // The buffer is a C string: its text ends at the first zero byte.
            byte[] bytes = new byte[ERROR_TEXT_SIZE];
            text.get(bytes);
            int length = 0;
            while (length < bytes.length && bytes[length] != 0) {
                length++;
            }
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }

    /** Returns the grabber's message without JavaCV's hint about its log callback, on one line. */
    static String message(Exception e) {
        String message = String.valueOf(e.getMessage());
        return message.replace(JAVACV_HINT, "").replace('\n', ' ');
    }
}
