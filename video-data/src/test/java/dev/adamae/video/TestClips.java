package dev.adamae.video;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** The real clips of the test resources, and settings for tests. */
final class TestClips {

    static final String H264_MP4 = "realshort.mp4";
    static final String VP9_WEBM = "cockatoo-vp9.webm";
    static final String VP8_WEBM = "lego-webm.webm";
    static final String VP9_AVI = "balle1-vp9.avi";
    static final String MPEG4_AVI = "g1.avi";
    static final String THEORA_OGV = "Effet_force_magnetique.ogv";

    private TestClips() {
    }

    /** Returns the path of clip {@code name}. */
    static Path clip(String name) {
        try {
            return Path.of(TestClips.class.getResource("/clips/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies clip {@code name} to {@code target}, creating its folders. */
    static Path copy(String name, Path target) {
        try {
            Files.createDirectories(target.getParent());
            return Files.copy(clip(name), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a WebM file with an AV1 video stream, 64x48, 10 frames: a valid sequence header (also
     * in the stream's av1C), then frames whose data is arbitrary. The bundled FFmpeg has no AV1
     * encoder, so its muxer is fed these packets directly; what matters to a reader is the codec.
     */
    static Path writeAv1Webm(Path file) throws IOException {
        // A sequence header OBU: profile 0, one operating point, 64x48 at most, 8-bit 4:2:0.
        byte[] sequenceHeader = {0x0A, 10, 0x00, 0x00, 0x00, 0x03, 0x2B, (byte) 0xFB, (byte) 0xC0, 0x18, 0x00,
            (byte) 0x80};
        byte[] configuration = new byte[4 + sequenceHeader.length];
        configuration[0] = (byte) 0x81;
        configuration[2] = 0x0C;
        System.arraycopy(sequenceHeader, 0, configuration, 4, sequenceHeader.length);
        AVFormatContext output = new AVFormatContext(null);
        check(avformat.avformat_alloc_output_context2(output, null, "webm", file.toString()), file);
        try {
            AVStream stream = avformat.avformat_new_stream(output, null);
            AVCodecParameters parameters = stream.codecpar();
            parameters.codec_type(avutil.AVMEDIA_TYPE_VIDEO);
            parameters.codec_id(avcodec.AV_CODEC_ID_AV1);
            parameters.width(64);
            parameters.height(48);
            parameters.format(avutil.AV_PIX_FMT_YUV420P);
            BytePointer extradata = new BytePointer(avutil.av_mallocz(configuration.length
                    + avcodec.AV_INPUT_BUFFER_PADDING_SIZE));
            extradata.put(configuration);
            parameters.extradata(extradata);
            parameters.extradata_size(configuration.length);
            AVRational frameTime = avutil.av_make_q(1, 25);
            stream.time_base(frameTime);
            AVIOContext io = new AVIOContext(null);
            check(avformat.avio_open(io, file.toString(), avformat.AVIO_FLAG_WRITE), file);
            output.pb(io);
            check(avformat.avformat_write_header(output, (AVDictionary) null), file);
            for (int frame = 0; frame < 10; frame++) {
                // A temporal delimiter, the sequence header, then a frame OBU of 4 arbitrary bytes.
                byte[] units = new byte[2 + sequenceHeader.length + 6];
                units[0] = 0x12;
                System.arraycopy(sequenceHeader, 0, units, 2, sequenceHeader.length);
                units[2 + sequenceHeader.length] = 0x32;
                units[3 + sequenceHeader.length] = 4;
                AVPacket packet = avcodec.av_packet_alloc();
                check(avcodec.av_new_packet(packet, units.length), file);
                packet.data().put(units);
                packet.pts(frame);
                packet.dts(frame);
                packet.duration(1);
                packet.flags(frame == 0 ? avcodec.AV_PKT_FLAG_KEY : 0);
                avcodec.av_packet_rescale_ts(packet, frameTime, stream.time_base());
                int written = avformat.av_interleaved_write_frame(output, packet);
                avcodec.av_packet_free(packet);
                check(written, file);
            }
            check(avformat.av_write_trailer(output), file);
            avformat.avio_closep(output.pb());
        } finally {
            avformat.avformat_free_context(output);
        }
        return file;
    }

    private static void check(int result, Path file) throws IOException {
        if (result < 0) {
            throw new IOException("Cannot write " + file + ": FFmpeg error " + result);
        }
    }

    /** Returns the section {@value ClipSampling#PATH} of the defaults, as shipped in reference.conf. */
    static Settings defaults() {
        return Settings.section(ConfigFactory.defaultReference(), ClipSampling.PATH);
    }

    /** Returns the default sampling for clips of {@code frames x size x size}. */
    static ClipSampling sampling(int frames, int size) {
        return ClipSampling.from(defaults(), frames, size, size);
    }

    /** Returns the default settings for clips of {@code frames x size x size}. */
    static VideoDataSettings settings(int frames, int size) {
        return VideoDataSettings.from(defaults(), sampling(frames, size));
    }
}
