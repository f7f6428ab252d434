package dev.adamae.video;

import dev.adamae.engine.data.UnreadableClipException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * Says in plain words why a video file cannot be read, and puts the reason in one of a few short
 * categories ({@link UnreadableClipException#reason()}) under which a run counts its skipped clips.
 */
final class FailureReasons {

    /** The file does not exist, or a folder on its path cannot be entered. */
    static final String MISSING_FILE = "missing file";

    /** The process may not read the file. */
    static final String PERMISSION_DENIED = "permission denied";

    /** The file holds no byte. */
    static final String EMPTY_FILE = "empty file";

    /** A folder, a file of another kind, or a container without a video stream. */
    static final String NOT_A_VIDEO = "not a video";

    /** A video container whose data ends early or is broken: what an interrupted download leaves. */
    static final String DAMAGED_OR_TRUNCATED = "damaged or truncated file";

    /** A video stream FFmpeg has no decoder for, or cannot open one for. */
    static final String UNSUPPORTED_CODEC = "unsupported codec";

    /** Fewer frames than a clip needs ({@code min-frames}). */
    static final String TOO_FEW_FRAMES = "too few frames";

    /** A file name that cannot be handed to FFmpeg as it is: not valid in the locale's file-name encoding. */
    static final String BAD_FILE_NAME = "file name not valid in this encoding";

    /** The file system failed while the file was read. */
    static final String READ_ERROR = "read error";

    /** How many bytes of a file are read to recognise its container. */
    private static final int SIGNATURE_BYTES = 12;

    private static final Pattern FFMPEG_ERROR_CODE = Pattern.compile("error (-?\\d+)");
    private static final Pattern CODEC_ID = Pattern.compile("codec not found: (\\d+)");
    private static final String JAVACV_HINT = " (For more details, make sure FFmpegLogCallback.set() has been called.)";
    private static final int ERROR_TEXT_SIZE = 128;

    private FailureReasons() {
    }

    /** Checks that {@code file} is a non-empty file this process may read; FFmpeg's reasons for these are obscure. */
    static void checkFile(Path file) throws UnreadableClipException {
        if (Files.isDirectory(file)) {
            throw new UnreadableClipException(file + ": is a folder, not a video file", NOT_A_VIDEO);
        }
        if (!Files.exists(file)) {
            throw new UnreadableClipException(file + (Files.notExists(file) ? ": file not found"
                    : ": cannot be reached (a folder on its path is unreadable)"), MISSING_FILE);
        }
        if (!Path.of(file.toString()).equals(file)) {
            // Java keeps a listed name's bytes, but FFmpeg gets the name as text, whose bytes then differ.
            String encoding = System.getProperty("sun.jnu.encoding", "the locale's");
            throw new UnreadableClipException(file + ": its name is not valid " + encoding + " (the file-name encoding "
                    + "of this locale), so FFmpeg cannot be given it: rename the file"
                    + (encoding.equalsIgnoreCase("UTF-8") ? "" : ", or run under a UTF-8 locale, as bin/adamae does"),
                    BAD_FILE_NAME);
        }
        if (!Files.isReadable(file)) {
            throw new UnreadableClipException(file + ": cannot be read (permission denied)", PERMISSION_DENIED);
        }
        try {
            if (Files.size(file) == 0) {
                throw new UnreadableClipException(file + ": file is empty (0 bytes)", EMPTY_FILE);
            }
        } catch (IOException e) {
            throw new UnreadableClipException(file + ": cannot be read (" + e.getMessage() + ")", READ_ERROR, e);
        }
    }

    /** Turns the grabber's exception on opening {@code file} into a reason a user can act on. */
    static UnreadableClipException openFailure(Path file, Exception e) {
        String message = message(e);
        if (message.contains("avformat_open_input")) {
            // FFmpeg says the same for a text file and a cut-off video: the first bytes tell them apart.
            return hasVideoContainerSignature(file)
                    ? failure(file, "FFmpeg cannot open it (" + errorText(message) + "): a damaged or truncated video file",
                            DAMAGED_OR_TRUNCATED, e)
                    : failure(file, "FFmpeg cannot open it (" + errorText(message) + "): not a video, or a damaged or "
                            + "truncated file", NOT_A_VIDEO, e);
        }
        if (message.contains("avformat_find_stream_info")) {
            return failure(file, "FFmpeg cannot read its streams (" + errorText(message) + "): a damaged or truncated file",
                    DAMAGED_OR_TRUNCATED, e);
        }
        if (message.contains("Did not find a video")) {
            return failure(file, "has no video stream", NOT_A_VIDEO, e);
        }
        if (message.contains("Unsupported video format or codec not found")) {
            Matcher id = CODEC_ID.matcher(message);
            String name = id.find() ? avcodec.avcodec_get_name(Integer.parseInt(id.group(1))).getString() : "none";
            return failure(file, "unsupported video codec"
                    + ("none".equals(name) ? " (unknown to FFmpeg)" : " (" + name + ", no decoder)"), UNSUPPORTED_CODEC, e);
        }
        if (message.contains("avcodec_open2")) {
            return failure(file, "FFmpeg cannot open its video decoder (" + errorText(message) + ")", UNSUPPORTED_CODEC, e);
        }
        return failure(file, "FFmpeg cannot open it (" + message + ")", DAMAGED_OR_TRUNCATED, e);
    }

    /**
     * Refuses a video whose codec the bundled FFmpeg names but cannot decode in software: AV1,
     * whose only decoder in FFmpeg 5.0 without libdav1d or libaom is its hardware-accelerated one
     * (it opens, then decodes nothing).
     */
    static void checkDecodable(Path file, int codec) throws UnreadableClipException {
        if (codec == avcodec.AV_CODEC_ID_AV1 && avcodec.avcodec_find_decoder_by_name("libdav1d") == null
                && avcodec.avcodec_find_decoder_by_name("libaom-av1") == null) {
            throw new UnreadableClipException(file + ": unsupported video codec (av1: the bundled FFmpeg "
                    + avutil.av_version_info().getString() + " has no software AV1 decoder, only one that needs "
                    + "hardware acceleration; convert the video to VP9 or H.264)", UNSUPPORTED_CODEC);
        }
    }

    private static UnreadableClipException failure(Path file, String reason, String category, Exception cause) {
        return new UnreadableClipException(file + ": " + reason, category, cause);
    }

    /**
     * Tells whether {@code file} starts as a video container does (MP4 and QuickTime, Matroska and
     * WebM, AVI, Ogg, MPEG program stream, FLV, ASF), so that a file FFmpeg cannot open is taken
     * for a cut-off video rather than for something else.
     */
    static boolean hasVideoContainerSignature(Path file) {
        byte[] head = new byte[SIGNATURE_BYTES];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, SIGNATURE_BYTES);
        } catch (IOException e) {
            return false;
        }
        if (read < SIGNATURE_BYTES) {
            return false;
        }
        String box = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
        return box.equals("ftyp") || box.equals("moov") || box.equals("mdat") || box.equals("free") || box.equals("wide")
                || box.equals("skip")
                || startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)
                || startsWith(head, 'R', 'I', 'F', 'F') && new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("AVI ")
                || startsWith(head, 'O', 'g', 'g', 'S')
                || startsWith(head, 0x00, 0x00, 0x01, 0xBA)
                || startsWith(head, 'F', 'L', 'V')
                || startsWith(head, 0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11);
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
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
