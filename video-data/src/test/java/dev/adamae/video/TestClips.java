package dev.adamae.video;

import com.typesafe.config.ConfigFactory;
import dev.adamae.api.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
