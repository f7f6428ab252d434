package dev.adamae.video;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How a data source lists its videos ({@code adamae.data.format}). */
public enum VideoFormat {
    /** A folder is read as {@link #FOLDER}, a file as {@link #LIST}. */
    AUTO("auto"),
    /** A folder searched recursively; the first folder level names the class ({@link VideoFolderDataset}). */
    FOLDER("folder"),
    /** A file of {@code path label} lines ({@link VideoListDataset}). */
    LIST("list"),
    /** Something-Something v2's JSON annotations ({@link SomethingSomethingV2Dataset}). */
    SSV2("ssv2"),
    /** Kinetics-400's CSV annotations ({@link Kinetics400Dataset}). */
    KINETICS400("kinetics400");

    private final String settingName;

    VideoFormat(String settingName) {
        this.settingName = settingName;
    }

    /** Returns the name used in the configuration and on the command line, e.g. {@code kinetics400}. */
    public String settingName() {
        return settingName;
    }

    /** Returns the format named {@code name} in the configuration. */
    static VideoFormat ofSettingName(String name) {
        return Stream.of(values()).filter(format -> format.settingName.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No video format " + name + "; known: " + settingNames()));
    }

    /** Returns the names of every format. */
    public static Set<String> settingNames() {
        return Stream.of(values()).map(VideoFormat::settingName).collect(Collectors.toSet());
    }
}
