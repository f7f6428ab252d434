package dev.adamae.runner.train;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.adamae.api.Settings;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.MovingSpritesDataset;
import dev.adamae.engine.data.MovingSpritesSettings;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.train.DataLoading;
import dev.adamae.engine.train.TrainingSettings;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.video.VideoDataSettings;
import dev.adamae.video.VideoFolderDataset;
import dev.adamae.video.VideoListDataset;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Binds the pre-training settings, the reconstruction loss and the data set of the run. */
public final class TrainingModule extends AbstractModule {

    /** The key that selects the data: {@code embedded} or a path. */
    public static final String DATA_SOURCE_KEY = "adamae.data.source";

    /** The value of {@link #DATA_SOURCE_KEY} that selects the embedded moving-sprites set. */
    public static final String EMBEDDED = "embedded";

    @Provides
    @Singleton
    TrainingSettings trainingSettings(Config config) {
        return TrainingSettings.from(config);
    }

    @Provides
    @Singleton
    VideoDataSettings videoDataSettings(Config config, ModelSettings model) {
        return VideoDataSettings.from(config, model);
    }

    @Provides
    @Singleton
    DataLoading dataLoading(Config config) {
        return DataLoading.from(config);
    }

    @Provides
    @Singleton
    LossType lossType(Config config) {
        return LossType.from(config);
    }

    /**
     * Provides the data set {@code adamae.data.source} names: the embedded moving-sprites set, a
     * folder of videos (searched recursively; the first folder level names the class), or a list
     * file of {@code path label} lines, paths relative to {@code adamae.data.root} (by default the
     * list's own folder).
     */
    @Provides
    @Singleton
    ClipDataset dataset(Config config, ModelSettings model, VideoDataSettings video, Console console) {
        return open(Settings.section(config, "adamae.data").getString("source"), config, model, video, console);
    }

    /**
     * Provides the labelled clips classifiers are validated and tested on, as
     * {@code adamae.data.validation} says; opened when first asked for, as only the commands that
     * test a classifier need them.
     */
    @Provides
    @Singleton
    ValidationData validationData(Config config, ModelSettings model, VideoDataSettings video, Console console) {
        Settings validation = Settings.section(config, VALIDATION_PATH);
        String trainingSource = Settings.section(config, "adamae.data").getString("source");
        String source = validation.isSet("source") ? validation.getString("source")
                : EMBEDDED.equals(trainingSource) ? EMBEDDED : null;
        Settings embedded = validation.section("embedded");
        int clips = embedded.getInt("clips", 1, Integer.MAX_VALUE);
        long seed = embedded.getLong("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        return new ValidationData(source, () -> {
            if (EMBEDDED.equals(source)) {
                Config drawn = config.withValue(MovingSpritesSettings.fullKey(MovingSpritesSettings.CLIPS),
                        com.typesafe.config.ConfigValueFactory.fromAnyRef(clips))
                        .withValue(MovingSpritesSettings.fullKey(MovingSpritesSettings.SEED),
                                com.typesafe.config.ConfigValueFactory.fromAnyRef(seed));
                return open(EMBEDDED, drawn, model, video, console);
            }
            return open(source, config, model, video, console);
        });
    }

    /** The section of the validation data's settings. */
    public static final String VALIDATION_PATH = "adamae.data.validation";

    /** Opens the data set {@code source} names: {@code embedded}, a folder of videos or a list file. */
    static ClipDataset open(String source, Config config, ModelSettings model, VideoDataSettings video,
            Console console) {
        Settings data = Settings.section(config, "adamae.data");
        if (EMBEDDED.equals(source)) {
            return MovingSpritesDataset.forModel(model,
                    MovingSpritesSettings.from(Settings.section(config, MovingSpritesSettings.PATH)));
        }
        Path path = Path.of(source);
        try {
            if (Files.isDirectory(path)) {
                return new VideoFolderDataset(path, video, console::warn);
            }
            if (Files.isRegularFile(path)) {
                Path root = data.isSet("root") ? Path.of(data.getString("root")) : path.toAbsolutePath().getParent();
                return new VideoListDataset(path, root, video);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException("Data " + source + ": " + e.getMessage(), e);
        }
        throw new UsageException("Data source '" + source + "' is neither '" + EMBEDDED
                + "', a folder of videos, nor a list file: no such file or folder");
    }
}
