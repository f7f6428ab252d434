package dev.adamae.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import dev.adamae.engine.data.UnreadableClipException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes chosen frames of one video file with FFmpeg, scaled while decoding, as RGB values in
 * {@code [0, 1]}.
 *
 * <p>Frames are numbered by {@link FrameClock}: frame {@code i} is the first frame shown at or
 * after {@code i / fps}. When the first frame needed lies far enough into the video, the decoder
 * seeks to it; if the seek lands past it (containers whose timestamps have gaps), it decodes from
 * the first frame instead, so both ways give the same frames.
 *
 * <p>Every failure is an {@link UnreadableClipException} whose one-line message names the file
 * and the reason. A decoder is not thread-safe; open one per thread. Loading this class turns
 * FFmpeg's own log down to fatal errors: the exceptions carry the reasons, and a data loader
 * would otherwise print FFmpeg's complaints about every damaged file from many threads.
 */
public final class VideoDecoder implements AutoCloseable {

    /** A first frame nearer to the start than this is reached by decoding; a seek would save little. */
    public static final int SEEK_DISTANCE = 16;

    /** An audio stream number no file has, which keeps FFmpeg from opening an audio decoder. */
    private static final int NO_STREAM = Integer.MAX_VALUE;

    private static final float[] UNIT_VALUES = new float[256];

    static {
        avutil.av_log_set_level(AV_LOG_FATAL);
        for (int i = 0; i < UNIT_VALUES.length; i++) {
            UNIT_VALUES[i] = i / 255f;
        }
    }

    private final Path file;
    private final DecoderOptions options;
    private final FFmpegFrameGrabber grabber;
    private final VideoMetadata metadata;
    private final FrameClock clock;
    private boolean atStart = true;
    private boolean sought;

    private VideoDecoder(Path file, DecoderOptions options, FFmpegFrameGrabber grabber, VideoMetadata metadata,
            FrameClock clock) {
        this.file = file;
        this.options = options;
        this.grabber = grabber;
        this.metadata = metadata;
        this.clock = clock;
    }

    /**
     * Opens {@code file} and reads its metadata.
     *
     * @throws UnreadableClipException when the file is missing, empty, a folder, not a video, damaged,
     *     or its codec is not supported
     */
    public static VideoDecoder open(Path file, DecoderOptions options) throws UnreadableClipException {
        FailureReasons.checkFile(file);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(AV_PIX_FMT_RGB24);
        grabber.setAudioStream(NO_STREAM);
        grabber.setVideoOption("threads", Integer.toString(options.threads()));
        try {
            grabber.start();
            FailureReasons.checkDecodable(file, grabber.getVideoCodec());
            AVStream stream = grabber.getFormatContext().streams(grabber.getVideoStream());
            double framesPerSecond = grabber.getFrameRate();
            if (!(framesPerSecond > 0 && Double.isFinite(framesPerSecond))) {
                framesPerSecond = 0;
            }
            if (grabber.getImageWidth() < 1 || grabber.getImageHeight() < 1) {
                throw new UnreadableClipException(file + ": its video stream has no picture size",
                        FailureReasons.DAMAGED_OR_TRUNCATED);
            }
            VideoMetadata metadata = new VideoMetadata(announcedFrames(grabber.getFormatContext(), stream, framesPerSecond),
                    framesPerSecond, grabber.getImageWidth(), grabber.getImageHeight(),
                    avcodec.avcodec_get_name(grabber.getVideoCodec()).getString(), grabber.getFormat());
            return new VideoDecoder(file, options, grabber, metadata, new FrameClock(framesPerSecond, startMicros(stream)));
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw FailureReasons.openFailure(file, e);
        } catch (UnreadableClipException e) {
            closeQuietly(grabber);
            throw e;
        }
    }

    /** Returns the file. */
    public Path file() {
        return file;
    }

    /** Returns what the file announces about itself. */
    public VideoMetadata metadata() {
        return metadata;
    }

    /** Tells whether the last {@link #decode} reached its first frame by seeking. */
    public boolean sought() {
        return sought;
    }

    /**
     * Decodes the frames numbered {@code indices}, each scaled to {@code width x height}.
     *
     * @param indices frame numbers from 0, in any order, repeats allowed
     * @return one frame per index, in the order of {@code indices}; a repeated index gives the same frame object
     * @throws VideoEndedException when the video ends before one of the frames, having fewer frames than announced
     * @throws UnreadableClipException when no frame can be decoded or decoding fails
     */
    public List<RgbFrame> decode(int[] indices, int width, int height)
            throws UnreadableClipException, VideoEndedException {
        if (indices.length == 0 || IntStream.of(indices).anyMatch(index -> index < 0) || width < 1 || height < 1) {
            throw new IllegalArgumentException("Frames to decode need indices >= 0 and a size of at least 1x1, got "
                    + indices.length + " indices at " + width + "x" + height);
        }
        int[] wanted = IntStream.of(indices).sorted().distinct().toArray();
        grabber.setImageWidth(width);
        grabber.setImageHeight(height);
        Frame landed = options.seek() && clock.timed() && wanted[0] >= SEEK_DISTANCE ? seekTo(wanted[0]) : null;
        sought = landed != null;
        Map<Integer, RgbFrame> decoded = readForward(sought ? landed : firstFrame(), wanted, width, height, false);
        if (decoded == null) {
            // Skipping conversions missed a frame after a gap in the timestamps: convert every frame, from the start.
            sought = false;
            decoded = readForward(firstFrame(), wanted, width, height, true);
        }
        if (decoded.size() < wanted.length) {
            int found = clock.lastIndex() + 1;
            throw new VideoEndedException(file + ": ends after " + found + " frames, " + metadata.frameCount()
                    + " announced; frame " + wanted[decoded.size()] + " was requested", found);
        }
        List<RgbFrame> frames = new ArrayList<>(indices.length);
        for (int index : indices) {
            frames.add(decoded.get(index));
        }
        return frames;
    }

    /**
     * Counts the frames by decoding the whole video (without converting pixels), as numbered by
     * {@link #decode}: one more than the number of the last frame.
     *
     * @throws UnreadableClipException when no frame can be decoded
     */
    public int countFrames() throws UnreadableClipException {
        rewind();
        atStart = false;
        try {
            Frame frame;
            while ((frame = grabber.grabFrame(false, true, false, false, false)) != null) {
                clock.indexOf(frame.timestamp);
            }
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableClipException(file + ": decoding failed after frame " + clock.lastIndex() + " ("
                    + FailureReasons.message(e) + ")", FailureReasons.DAMAGED_OR_TRUNCATED, e);
        }
        if (clock.lastIndex() < 0) {
            throw new UnreadableClipException(file + ": no frame could be decoded (damaged file or unreadable codec data)",
                    FailureReasons.DAMAGED_OR_TRUNCATED);
        }
        return clock.lastIndex() + 1;
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    /**
     * Seeks to just before frame {@code target} and returns the first frame decoded there, or
     * {@code null} when the seek failed or did not land before the target; the decoder is then rewound.
     */
    private Frame seekTo(int target) throws UnreadableClipException {
        Frame landed;
        try {
            // Aim before the target: only a frame seen before it proves that the next frame at or after it is the
            // first, as decoding from the start would find; rounded timestamps can carry a seek one frame late.
            grabber.setVideoTimestamp(clock.timeOf(target - 1.5));
            atStart = false;
            clock.restart();
            landed = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            rewind();
            return null;
        }
        // The clock numbers this frame again in readForward; a timed clock gives the same number twice.
        if (landed == null || clock.indexOf(landed.timestamp) >= target) {
            rewind();
            return null;
        }
        return landed;
    }

    /** Rewinds and returns the first frame, converted. */
    private Frame firstFrame() throws UnreadableClipException {
        rewind();
        Frame first = grab(true);
        if (first == null) {
            throw new UnreadableClipException(file + ": no frame could be decoded (damaged file or unreadable codec data)",
                    FailureReasons.DAMAGED_OR_TRUNCATED);
        }
        return first;
    }

    /**
     * Decodes from {@code first} (converted) onwards until every wanted frame is found or the
     * video ends. Converting pixels costs as much as decoding, so unless {@code convertAll}, a
     * frame is converted only when the clock expects it to be wanted; returns {@code null} when a
     * frame left unconverted turned out to be wanted (a gap in the timestamps).
     */
    private Map<Integer, RgbFrame> readForward(Frame first, int[] wanted, int width, int height, boolean convertAll)
            throws UnreadableClipException {
        Map<Integer, RgbFrame> decoded = new HashMap<>();
        int next = 0;
        Frame frame = first;
        boolean converted = true;
        while (frame != null) {
            int index = clock.indexOf(frame.timestamp);
            if (index >= wanted[next]) {
                if (!converted) {
                    return null;
                }
                RgbFrame rgb = toRgb(frame, width, height);
                while (next < wanted.length && wanted[next] <= index) {
                    decoded.put(wanted[next++], rgb);
                }
                if (next == wanted.length) {
                    break;
                }
            }
            converted = convertAll || clock.lastIndex() + 1 >= wanted[next];
            frame = grab(converted);
        }
        return decoded;
    }

    /** Decodes the next frame, converting its pixels only when {@code convert}; {@code null} at the end. */
    private Frame grab(boolean convert) throws UnreadableClipException {
        try {
            atStart = false;
            return grabber.grabFrame(false, true, convert, false, false);
        } catch (FrameGrabber.Exception e) {
            throw new UnreadableClipException(file + ": decoding failed after frame " + clock.lastIndex() + " ("
                    + FailureReasons.message(e) + ")", FailureReasons.DAMAGED_OR_TRUNCATED, e);
        }
    }

    /** Puts the decoder back before the first frame, reopening the file if it has moved. */
    private void rewind() throws UnreadableClipException {
        if (!atStart) {
            try {
                grabber.restart();
            } catch (FrameGrabber.Exception e) {
                throw new UnreadableClipException(file + ": cannot be reopened to decode from the start (" + FailureReasons.message(e)
                        + ")", FailureReasons.READ_ERROR, e);
            }
            atStart = true;
        }
        clock.restart();
    }

    /** Copies the frame's pixels, row by row: rows may be padded beyond {@code width * 3} bytes. */
    private RgbFrame toRgb(Frame frame, int width, int height) throws UnreadableClipException {
        if (frame.imageWidth != width || frame.imageHeight != height || frame.image == null) {
            throw new UnreadableClipException(file + ": FFmpeg returned a " + frame.imageWidth + "x" + frame.imageHeight
                    + " frame instead of " + width + "x" + height);
        }
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        int rowValues = width * RgbFrame.CHANNELS;
        byte[] row = new byte[rowValues];
        float[] values = new float[height * rowValues];
        for (int y = 0; y < height; y++) {
            pixels.get(y * frame.imageStride, row);
            int offset = y * rowValues;
            for (int k = 0; k < rowValues; k++) {
                values[offset + k] = UNIT_VALUES[row[k] & 0xFF];
            }
        }
        return new RgbFrame(width, height, values);
    }

    /** Returns the container's frame count, or its duration times the frame rate, or 0 when it says neither. */
    private static int announcedFrames(AVFormatContext context, AVStream stream, double framesPerSecond) {
        if (stream.nb_frames() > 0) {
            return (int) Math.min(stream.nb_frames(), Integer.MAX_VALUE);
        }
        if (context.duration() != AV_NOPTS_VALUE && context.duration() > 0 && framesPerSecond > 0) {
            return (int) Math.min(Math.round(context.duration() * framesPerSecond / AV_TIME_BASE), Integer.MAX_VALUE);
        }
        return 0;
    }

    /** Returns the video stream's start time in microseconds, the base the grabber's timestamps share. */
    private static long startMicros(AVStream stream) {
        if (stream.start_time() == AV_NOPTS_VALUE) {
            return 0;
        }
        AVRational timeBase = stream.time_base();
        return 1_000_000L * stream.start_time() * timeBase.num() / timeBase.den();
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing frees native memory; a failure here leaves nothing the caller could act on.
        }
    }
}
