package dev.adamae.runner.visual;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import dev.adamae.engine.visual.PictureSettings;

/** Binds the settings of the pictures {@code adamae visualize} draws. */
public final class PicturesModule extends AbstractModule {

    @Provides
    @Singleton
    PictureSettings pictureSettings(Config config) {
        return PictureSettings.from(config);
    }
}
