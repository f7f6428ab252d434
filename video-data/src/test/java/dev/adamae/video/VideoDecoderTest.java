package dev.adamae.video;

import static dev.adamae.video.TestClips.clip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adamae.engine.data.UnreadableClipException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VideoDecoderTest {

    private static final DecoderOptions SEEKING = new DecoderOptions(1, true);
    private static final DecoderOptions SEQUENTIAL = new DecoderOptions(1, false);

    @ParameterizedTest
    @CsvSource({
        "realshort.mp4,              36,  320, 240, h264,   mov",
        "cockatoo-vp9.webm,          80,  320, 180, vp9,    webm",
        "lego-webm.webm,             167, 560, 320, vp8,    webm",
        "balle1-vp9.avi,             300, 320, 240, vp9,    avi",
        "g1.avi,                     16,  400, 300, mpeg4,  avi",
        "Effet_force_magnetique.ogv, 34,  400, 304, theora, ogg",
    })
    void metadataGivesTheAnnouncedFramesSizeCodecAndContainer(String name, int frames, int width, int height, String codec,
            String container) throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(clip(name), SEEKING)) {
            VideoMetadata metadata = decoder.metadata();
            assertThat(metadata.frameCount()).isEqualTo(frames);
            assertThat(metadata.width()).isEqualTo(width);
            assertThat(metadata.height()).isEqualTo(height);
            assertThat(metadata.codec()).isEqualTo(codec);
            assertThat(metadata.container()).contains(container);
            assertThat(metadata.framesPerSecond()).isPositive();
        }
    }

    @ParameterizedTest
    @CsvSource({"realshort.mp4, 36", "cockatoo-vp9.webm, 80", "lego-webm.webm, 166", "balle1-vp9.avi, 300", "g1.avi, 16",
        "Effet_force_magnetique.ogv, 34"})
    void countingFramesFindsTheFramesTheVideoReallyHolds(String name, int frames) throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(clip(name), SEEKING)) {
            assertThat(decoder.countFrames()).isEqualTo(frames);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"realshort.mp4", "cockatoo-vp9.webm", "lego-webm.webm", "balle1-vp9.avi", "g1.avi",
        "Effet_force_magnetique.ogv"})
    void decodedFramesHaveTheRequestedSizeAndVaryingValuesInTheUnitRange(String name) throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(clip(name), SEEKING)) {
            List<RgbFrame> frames = decoder.decode(new int[] {0, 5, 10}, 50, 37);
            assertThat(frames).hasSize(3).allSatisfy(frame -> {
                assertThat(frame.width()).isEqualTo(50);
                assertThat(frame.height()).isEqualTo(37);
                float[] values = frame.values();
                float min = 1;
                float max = 0;
                for (float value : values) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
                assertThat(min).isGreaterThanOrEqualTo(0f);
                assertThat(max).isLessThanOrEqualTo(1f);
                assertThat(max - min).as("contrast of a frame of %s", name).isGreaterThan(0.2f);
            });
        }
    }

    @Test
    void aPaddedRowStrideIsSkippedSoAnOddSizedFrameMatchesTheFullFrameShrunk() throws Exception {
        RgbFrame full;
        RgbFrame small;
        try (VideoDecoder decoder = VideoDecoder.open(clip(TestClips.H264_MP4), SEQUENTIAL)) {
            full = decoder.decode(new int[] {12}, 320, 240).get(0);
            // 50 RGB pixels are 150 bytes; FFmpeg pads such rows to 192, which a naive copy would shear.
            small = decoder.decode(new int[] {12}, 50, 37).get(0);
        }
        ResizeWeights columns = ResizeWeights.of(0, 320, 50);
        ResizeWeights rows = ResizeWeights.of(0, 240, 37);
        double difference = 0;
        for (int y = 0; y < 37; y++) {
            for (int x = 0; x < 50; x++) {
                for (int channel = 0; channel < 3; channel++) {
                    double value = 0;
                    for (int i = 0; i < rows.count(y); i++) {
                        for (int j = 0; j < columns.count(x); j++) {
                            value += rows.weight(y, i) * columns.weight(x, j)
                                    * full.value(rows.first(y) + i, columns.first(x) + j, channel);
                        }
                    }
                    difference += Math.abs(value - small.value(y, x, channel));
                }
            }
        }
        assertThat(difference / (37 * 50 * 3)).isLessThan(0.03);
    }

    @ParameterizedTest
    @CsvSource({"realshort.mp4, 20", "cockatoo-vp9.webm, 61", "lego-webm.webm, 140", "balle1-vp9.avi, 201",
        "Effet_force_magnetique.ogv, 25"})
    void aFrameReachedBySeekingEqualsTheSameFrameDecodedFromTheStart(String name, int index) throws Exception {
        int[] indices = {index, index + 2, index + 4};
        try (VideoDecoder seeking = VideoDecoder.open(clip(name), SEEKING);
                VideoDecoder sequential = VideoDecoder.open(clip(name), SEQUENTIAL)) {
            List<RgbFrame> sought = seeking.decode(indices, 64, 48);
            List<RgbFrame> decoded = sequential.decode(indices, 64, 48);
            assertThat(seeking.sought()).as("the decoder seeks in %s", name).isTrue();
            assertThat(sequential.sought()).isFalse();
            for (int i = 0; i < indices.length; i++) {
                assertThat(maxDifference(sought.get(i), decoded.get(i))).as("frame %d of %s", indices[i], name)
                        .isLessThan(1e-6f);
            }
            // The frames differ from each other, so equal frames above are not a coincidence of a still video.
            assertThat(maxDifference(decoded.get(0), decoded.get(2))).isGreaterThan(0.01f);
        }
    }

    @Test
    void aFrameInAGapOfTimestampsIsTheFirstFrameAfterTheGapWhetherSoughtOrDecodedFromTheStart(@TempDir Path folder)
            throws Exception {
        // Matroska keeps the 30 fps time base: time slots 20 to 39 hold no picture.
        Path file = writeGappedVideo(folder.resolve("gap.mkv"));
        int[] indices = {20, 30, 45};
        try (VideoDecoder seeking = VideoDecoder.open(file, SEEKING);
                VideoDecoder sequential = VideoDecoder.open(file, SEQUENTIAL)) {
            assertThat(seeking.countFrames()).isEqualTo(60);
            List<RgbFrame> sought = seeking.decode(indices, 8, 6);
            List<RgbFrame> decoded = sequential.decode(indices, 8, 6);
            assertThat(seeking.sought()).isTrue();
            assertThat(pictureNumbers(sought)).containsExactly(40, 40, 45);
            assertThat(pictureNumbers(decoded)).containsExactly(40, 40, 45);
        }
    }

    @Test
    void aSeekThatLandsPastItsTargetFallsBackToDecodingFromTheStart(@TempDir Path folder) throws Exception {
        // MOV (the MP4 family) gives this file its average rate, 40 pictures in 2 s = 20 fps: pictures 0-19 take slots 0-13,
        // pictures 40-59 slots 27-39; a seek towards slot 20 lands on picture 40, past it.
        Path file = writeGappedVideo(folder.resolve("gap.mov"));
        int[] indices = {20, 27, 30};
        try (VideoDecoder seeking = VideoDecoder.open(file, SEEKING);
                VideoDecoder sequential = VideoDecoder.open(file, SEQUENTIAL)) {
            assertThat(seeking.metadata().framesPerSecond()).isEqualTo(20.0);
            List<RgbFrame> sought = seeking.decode(indices, 8, 6);
            List<RgbFrame> decoded = sequential.decode(indices, 8, 6);
            assertThat(seeking.sought()).isFalse();
            assertThat(pictureNumbers(sought)).containsExactly(40, 40, 45);
            assertThat(pictureNumbers(decoded)).containsExactly(40, 40, 45);
        }
    }

    @Test
    void framesComeBackInTheRequestedOrderWithRepeats() throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(clip(TestClips.VP9_WEBM), SEQUENTIAL)) {
            List<RgbFrame> frames = decoder.decode(new int[] {30, 2, 30, 2}, 32, 18);
            List<RgbFrame> single = decoder.decode(new int[] {2}, 32, 18);
            assertThat(frames.get(0)).isSameAs(frames.get(2));
            assertThat(frames.get(1)).isSameAs(frames.get(3));
            assertThat(maxDifference(frames.get(1), single.get(0))).isZero();
            assertThat(maxDifference(frames.get(0), frames.get(1))).isGreaterThan(0.01f);
        }
    }

    @Test
    void aVideoShorterThanAnnouncedReportsTheFramesItHolds() throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(clip(TestClips.VP8_WEBM), SEEKING)) {
            assertThat(decoder.metadata().frameCount()).isEqualTo(167);
            assertThat(decoder.decode(new int[] {165}, 16, 16)).hasSize(1);
            assertThatThrownBy(() -> decoder.decode(new int[] {160, 166}, 16, 16))
                    .isInstanceOf(VideoEndedException.class)
                    .hasMessageContaining(clip(TestClips.VP8_WEBM).toString())
                    .hasMessageContaining("ends after 166 frames")
                    .satisfies(e -> assertThat(((VideoEndedException) e).framesFound()).isEqualTo(166));
        }
    }

    @Test
    void anEmptyFileIsUnreadable(@TempDir Path folder) throws IOException {
        Path file = Files.createFile(folder.resolve("empty.mp4"));
        assertUnreadable(file, "empty", FailureReasons.EMPTY_FILE);
    }

    @Test
    void aTruncatedMp4IsUnreadable(@TempDir Path folder) throws IOException {
        byte[] bytes = Files.readAllBytes(clip(TestClips.H264_MP4));
        Path file = Files.write(folder.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        assertUnreadable(file, "damaged or truncated", FailureReasons.DAMAGED_OR_TRUNCATED);
    }

    @Test
    void aWebmCutInsideItsHeaderIsUnreadable(@TempDir Path folder) throws IOException {
        byte[] bytes = Files.readAllBytes(clip(TestClips.VP9_WEBM));
        Path file = Files.write(folder.resolve("cut.webm"), Arrays.copyOf(bytes, 300));
        assertThatThrownBy(() -> readOneFrame(file))
                .isInstanceOf(UnreadableClipException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aTruncatedWebmStillGivesTheFramesBeforeTheCut(@TempDir Path folder) throws Exception {
        byte[] bytes = Files.readAllBytes(clip(TestClips.VP9_WEBM));
        Path file = Files.write(folder.resolve("truncated.webm"), Arrays.copyOf(bytes, bytes.length / 2));
        try (VideoDecoder decoder = VideoDecoder.open(file, SEEKING)) {
            int frames = decoder.countFrames();
            assertThat(frames).isBetween(1, 79);
            assertThatThrownBy(() -> decoder.decode(new int[] {frames}, 16, 16)).isInstanceOf(VideoEndedException.class);
            assertThat(decoder.decode(new int[] {frames - 1}, 16, 16)).hasSize(1);
        }
    }

    @Test
    void aVideoCutShortBeforeItsIndexIsTakenForADamagedVideoNotForSomethingElse(@TempDir Path folder) throws IOException {
        // An AVI cut inside its header: FFmpeg cannot open it, as it cannot open text, but it starts as an AVI.
        byte[] bytes = Files.readAllBytes(clip(TestClips.MPEG4_AVI));
        Path file = Files.write(folder.resolve("cut.avi"), Arrays.copyOf(bytes, 2000));
        assertUnreadable(file, "a damaged or truncated video file", FailureReasons.DAMAGED_OR_TRUNCATED);
    }

    @Test
    void textWithAVideoExtensionIsUnreadable(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("notes.mp4"), "These are notes, not a video.\n".repeat(20));
        assertUnreadable(file, "not a video", FailureReasons.NOT_A_VIDEO);
    }

    @Test
    void aNameWithALatin1ByteIsReportedAsANameFFmpegCannotBeGivenNotAsADamagedFile(@TempDir Path folder)
            throws Exception {
        // Java cannot write such a name; the shell can: "caf" then the byte 0xE9 (é in Latin-1).
        Process copy = new ProcessBuilder("sh", "-c", "cp \"$0\" \"$1/$(printf 'caf\\351.mp4')\"",
                clip(TestClips.H264_MP4).toString(), folder.toString()).inheritIO().start();
        assertThat(copy.waitFor()).isZero();
        Path file;
        try (var files = Files.list(folder)) {
            file = files.findFirst().orElseThrow();
        }
        assertUnreadable(file, "its name is not valid", FailureReasons.BAD_FILE_NAME);
    }

    @Test
    void anAccentedNameInUtf8IsRead(@TempDir Path folder) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "a UTF-8 locale, as bin/adamae sets");
        Path file = Files.copy(clip(TestClips.H264_MP4), folder.resolve("caf\u00e9 \u00fcber.mp4"));
        readOneFrame(file);
    }

    @Test
    void mpeg4Part2InMatroskaAsXvidWritesItIsDecoded(@TempDir Path folder) throws Exception {
        // MPEG-4 Part 2 (ASP) with B-frames and Xvid's tag, in a .mkv, written by the bundled FFmpeg.
        Path file = folder.resolve("xvid.mkv");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 48, 0)) {
            recorder.setFormat("matroska");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setVideoOption("bf", "2");
            recorder.setVideoOption("vtag", "XVID");
            recorder.setFrameRate(25);
            recorder.start();
            Frame picture = new Frame(64, 48, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) picture.image[0];
            for (int frame = 0; frame < 30; frame++) {
                for (int i = 0; i < pixels.capacity(); i++) {
                    pixels.put(i, (byte) (i * 7 + frame * 5));
                }
                recorder.record(picture, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        try (VideoDecoder decoder = VideoDecoder.open(file, SEEKING)) {
            assertThat(decoder.metadata().codec()).isEqualTo("mpeg4");
            assertThat(decoder.countFrames()).isEqualTo(30);
            assertThat(decoder.decode(new int[] {0, 12, 29}, 16, 16)).hasSize(3);
        }
    }

    @ParameterizedTest
    @CsvSource({"g1-divx.mkv, 16, 400, 300", "testsrc-xvid.mkv, 20, 64, 48"})
    void mpeg4Part2InMatroskaWrittenByDebiansFfmpegIsDecoded(String name, int frames, int width, int height)
            throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(clip(name), SEEKING)) {
            assertThat(decoder.metadata().codec()).isEqualTo("mpeg4");
            assertThat(decoder.metadata().container()).contains("matroska");
            assertThat(decoder.metadata().width()).isEqualTo(width);
            assertThat(decoder.metadata().height()).isEqualTo(height);
            assertThat(decoder.countFrames()).isEqualTo(frames);
            assertThat(decoder.decode(new int[] {0, frames / 2, frames - 1}, 16, 16)).hasSize(3);
        }
    }

    @Test
    void av1InWebmWrittenByDebiansFfmpegIsReportedAsAnUnsupportedCodec() {
        assertUnreadable(clip("testsrc-av1.webm"), "unsupported video codec (av1: the bundled FFmpeg",
                FailureReasons.UNSUPPORTED_CODEC);
    }

    @Test
    void av1InWebmIsReportedAsAnUnsupportedCodecNamingIt(@TempDir Path folder) throws Exception {
        Path file = TestClips.writeAv1Webm(folder.resolve("av1.webm"));
        assertUnreadable(file, "unsupported video codec (av1: the bundled FFmpeg", FailureReasons.UNSUPPORTED_CODEC);
    }

    @Test
    void aMissingFileIsUnreadable(@TempDir Path folder) {
        assertUnreadable(folder.resolve("missing.mp4"), "not found", FailureReasons.MISSING_FILE);
    }

    @Test
    void aFolderIsUnreadable(@TempDir Path folder) throws IOException {
        assertUnreadable(Files.createDirectory(folder.resolve("clip.mp4")), "is a folder", FailureReasons.NOT_A_VIDEO);
    }

    @Test
    void anUnknownCodecIsUnreadable(@TempDir Path folder) throws IOException {
        byte[] bytes = Files.readAllBytes(clip(TestClips.MPEG4_AVI));
        // The AVI names its codec by the FourCC DX50 twice (stream header and format); make it unknown.
        String latin = new String(bytes, StandardCharsets.ISO_8859_1).replace("DX50", "QQQQ");
        Path file = Files.write(folder.resolve("unknown-codec.avi"), latin.getBytes(StandardCharsets.ISO_8859_1));
        assertUnreadable(file, "unsupported video codec", FailureReasons.UNSUPPORTED_CODEC);
    }

    @Test
    void audioWithoutVideoIsUnreadable(@TempDir Path folder) throws IOException {
        Path file = Files.write(folder.resolve("sound.mp4"), silentWave(8000));
        assertUnreadable(file, "no video stream", FailureReasons.NOT_A_VIDEO);
    }

    private static void assertUnreadable(Path file, String reason, String category) {
        assertThatThrownBy(() -> readOneFrame(file))
                .isInstanceOf(UnreadableClipException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(reason)
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((UnreadableClipException) e).reason()).isEqualTo(category));
    }

    private static void readOneFrame(Path file) throws Exception {
        try (VideoDecoder decoder = VideoDecoder.open(file, SEEKING)) {
            decoder.decode(new int[] {0}, 16, 16);
        }
    }

    /** Returns a WAV file of {@code samples} silent 16-bit mono samples at 8 kHz. */
    private static byte[] silentWave(int samples) {
        ByteBuffer wave = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        wave.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples);
        wave.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1);
        wave.putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        wave.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
        return wave.array();
    }

    /**
     * Writes 30 fps video of time slots 0 to 59 in which slots 20 to 39 hold no picture;
     * picture {@code k} is uniformly grey at level {@code 4k}.
     */
    private static Path writeGappedVideo(Path file) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 48, 0)) {
            // Lossless PNG pictures, so that a frame's grey level names its picture exactly.
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_PNG);
            recorder.setFrameRate(30);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            recorder.start();
            Frame picture = new Frame(64, 48, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) picture.image[0];
            for (int slot = 0; slot < 60; slot++) {
                if (slot >= 20 && slot < 40) {
                    continue;
                }
                if (slot == 40) {
                    recorder.setFrameNumber(40);
                }
                for (int i = 0; i < pixels.capacity(); i++) {
                    pixels.put(i, (byte) (4 * slot));
                }
                recorder.record(picture, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        return file;
    }

    /** Returns the number of the picture each grey frame shows, from its mean level. */
    private static List<Integer> pictureNumbers(List<RgbFrame> frames) {
        return frames.stream().map(frame -> {
            double sum = 0;
            for (float value : frame.values()) {
                sum += value;
            }
            return (int) Math.round(sum / frame.values().length * 255 / 4);
        }).toList();
    }

    private static float maxDifference(RgbFrame first, RgbFrame second) {
        assertThat(second.values()).hasSameSizeAs(first.values());
        float max = 0;
        for (int i = 0; i < first.values().length; i++) {
            max = Math.max(max, Math.abs(first.values()[i] - second.values()[i]));
        }
        return max;
    }
}
