package dev.adamae.engine.train;

import com.typesafe.config.Config;
import dev.adamae.api.Settings;

/**
 * How batches are read: on how many background threads, how many steps ahead, and whether an
 * unreadable clip stops the run.
 *
 * @param workers background threads; 0 reads each batch on the training thread when it is needed
 * @param lookahead batches read ahead of the one the model needs
 * @param strict whether the first clip that cannot be read stops the run ({@link DataLoadingException});
 *     otherwise it is reported once, counted and replaced by another clip
 */
public record DataLoading(int workers, int lookahead, boolean strict) {

    /** The configuration section these settings live in. */
    public static final String PATH = "adamae.data.loading";

    /** The key of the number of background workers. */
    public static final String WORKERS = "workers";

    /** The key of the look-ahead. */
    public static final String LOOKAHEAD = "lookahead";

    /** The key of the strict switch. */
    public static final String STRICT = "strict";

    /** The most background workers. */
    public static final int MOST_WORKERS = 256;

    /** The largest look-ahead. */
    public static final int LARGEST_LOOKAHEAD = 1024;

    /** Reading on the training thread, nothing ahead, unreadable clips skipped. */
    public static final DataLoading INLINE = new DataLoading(0, 0, false);

    public DataLoading {
        if (workers < 0 || workers > MOST_WORKERS || lookahead < 0 || lookahead > LARGEST_LOOKAHEAD) {
            throw new IllegalArgumentException("Workers must be between 0 and " + MOST_WORKERS + " and look-ahead between 0"
                    + " and " + LARGEST_LOOKAHEAD + ", got " + workers + " and " + lookahead);
        }
    }

    /** Creates loading settings that skip unreadable clips. */
    public DataLoading(int workers, int lookahead) {
        this(workers, lookahead, false);
    }

    /** Reads and checks the settings in {@code config}. */
    public static DataLoading from(Config config) {
        Settings loading = Settings.section(config, PATH);
        return new DataLoading(loading.getInt(WORKERS, 0, MOST_WORKERS), loading.getInt(LOOKAHEAD, 0, LARGEST_LOOKAHEAD),
                loading.getBoolean(STRICT));
    }
}
