package dev.adamae.engine.train;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;

/**
 * How batches are read: on how many background threads, and how many steps ahead.
 *
 * @param workers background threads; 0 reads each batch on the training thread when it is needed
 * @param lookahead batches read ahead of the one the model needs
 */
public record DataLoading(int workers, int lookahead) {

    /** The configuration section these settings live in. */
    public static final String PATH = "adamae.data.loading";

    /** Reading on the training thread, nothing ahead. */
    public static final DataLoading INLINE = new DataLoading(0, 0);

    public DataLoading {
        if (workers < 0 || lookahead < 0) {
            throw new IllegalArgumentException("Workers and look-ahead must not be negative, got " + workers + " and "
                    + lookahead);
        }
    }

    /** Reads and checks the settings in {@code config}. */
    public static DataLoading from(Config config) {
        Settings loading = Settings.section(config, PATH);
        return new DataLoading(loading.getInt("workers", 0, 256), loading.getInt("lookahead", 0, 1024));
    }
}
