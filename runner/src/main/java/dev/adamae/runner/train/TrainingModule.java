package dev.adamae.runner.train;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.adamae.api.InvalidSettingException;
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
import dev.adamae.video.VideoSourceSettings;
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

    @Provides
    @Singleton
    VideoSourceSettings videoSourceSettings(Config config) {
        return VideoSourceSettings.from(config);
    }

    /**
     * Provides the data set {@code adamae.data.source} names: the embedded moving-sprites set (its
     * sprites drawn as shapes or Fashion-MNIST images, as {@code adamae.data.moving-sprites.appearance} says), or
     * videos listed as {@code adamae.data.format} says (a folder, a list file, Something-Something
     * v2's or Kinetics-400's annotations).
     */
    @Provides
    @Singleton
    ClipDataset dataset(Config config, ModelSettings model, VideoDataSettings video, VideoSourceSettings sources,
            Console console) {
        return open(Settings.section(config, "adamae.data").getString("source"), config, model, video, sources,
                console, true);
    }

    /**
     * Provides the labelled clips classifiers are validated and tested on, as
     * {@code adamae.data.validation} says; opened when first asked for, as only the commands that
     * test a classifier need them.
     */
    @Provides
    @Singleton
    ValidationData validationData(Config config, ModelSettings model, VideoDataSettings video,
            VideoSourceSettings sources, Console console) {
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
                return open(EMBEDDED, drawn, model, video, sources, console, false);
            }
            return open(source, config, model, video, sources, console, false);
        });
    }

    /** The section of the validation data's settings. */
    public static final String VALIDATION_PATH = "adamae.data.validation";

    /**
     * Opens the data set {@code source} names: {@code embedded}, or videos in the format
     * {@code adamae.data.format} says.
     *
     * @param training whether these are the training clips, whose video settings must not be set
     *     for the embedded set
     */
    static ClipDataset open(String source, Config config, ModelSettings model, VideoDataSettings video,
            VideoSourceSettings sources, Console console, boolean training) {
        if (EMBEDDED.equals(source)) {
            if (training) {
                sources.requireNoVideoSettings("the embedded data set");
            }
            MovingSpritesSettings sprites = MovingSpritesSettings.from(Settings.section(config, MovingSpritesSettings.PATH));
            try {
                return MovingSpritesDataset.forModel(model, sprites);
            } catch (InvalidSettingException e) {
                throw e;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                // Fashion-MNIST's images are missing or damaged: the message names them and says what to do.
                throw new UsageException(e.getMessage(), e);
            }
        }
        Path path = Path.of(source);
        if (!Files.exists(path)) {
            throw new UsageException("Data source '" + source + "' is neither '" + EMBEDDED
                    + "' nor a folder or file of videos: no such file or folder");
        }
        try {
            return sources.open(path, video, console::warn);
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException("Data " + source + ": " + e.getMessage(), e);
        }
    }
}
