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
        String source = Settings.section(config, "adamae.data").getString("source");
        if (EMBEDDED.equals(source)) {
            sources.requireNoVideoSettings("the embedded data set");
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
