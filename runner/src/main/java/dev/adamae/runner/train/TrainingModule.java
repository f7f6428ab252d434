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
import dev.adamae.runner.UsageException;

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
    ClipDataset dataset(Config config, ModelSettings model) {
        String source = Settings.section(config, "adamae.data").getString("source");
        if (!EMBEDDED.equals(source)) {
            throw new UsageException("Data source '" + source + "': only the embedded moving-sprites set ("
                    + EMBEDDED + ") can be read by this build");
        }
        return MovingSpritesDataset.forModel(model,
                MovingSpritesSettings.from(Settings.section(config, MovingSpritesSettings.PATH)));
    }
}
