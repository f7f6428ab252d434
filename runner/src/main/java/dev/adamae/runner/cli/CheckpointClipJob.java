package dev.adamae.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.adamae.engine.ModelSettings;
import dev.adamae.engine.data.ClipDataset;
import dev.adamae.engine.data.VideoClip;
import dev.adamae.engine.model.LossType;
import dev.adamae.engine.visual.PictureSettings;
import dev.adamae.runner.Console;
import dev.adamae.runner.UsageException;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingSelection;
import dev.adamae.runner.visual.RunCheckpoint;
import dev.adamae.video.VideoDataSettings;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the commands that look at one clip through a pre-training checkpoint share ({@code
 * visualize}, {@code saliency}): their options, the run's configuration with the options laid
 * over it, the checks before any work, and the clip.
 */
abstract class CheckpointClipJob implements Job {

    private static final String STRATEGY_KEY = MaskingSelection.PATH + ".strategy";
    private static final String RATIO_KEY = MaskingSelection.PATH + ".ratio";

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Mixin
    MaskingOptions masking = new MaskingOptions();

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH",
            description = "A checkpoint file, or a run's folder or its checkpoints folder (then its newest checkpoint).")
    Path checkpoint;

    @Mixin
    ClipSourceOptions clipSource = new ClipSourceOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder the files are written to.")
    Path out;

    @Inject
    ModelSettings model;

    @Inject
    MaskingSelection selection;

    @Inject
    LossType lossType;

    @Inject
    ClipDataset dataset;

    @Inject
    VideoDataSettings videoSettings;

    @Inject
    PictureSettings pictureSettings;

    @Inject
    Console console;

    /** The checkpoint, found when the configuration is read. */
    RunCheckpoint run;

    /**
     * Returns the run's settings with the command's options laid over them; another strategy than
     * the run's, without a ratio, takes its own default ratio.
     */
    @Override
    public ConfigRequest configRequest() {
        run = RunCheckpoint.find(checkpoint);
        Config runSettings = run.settings();
        String runStrategy = stringOf(runSettings, STRATEGY_KEY);
        if (options.preset != null && run.runConfig().isPresent()) {
            String runPreset = stringOf(runSettings, ConfigLoader.PRESET_KEY);
            if (runPreset != null && !runPreset.equals(options.preset)) {
                throw new UsageException("--preset " + options.preset + ": the checkpoint's run was made with preset "
                        + runPreset + ", which its " + run.runConfig().get() + " gives; leave --preset out");
            }
        }
        if (masking.strategy != null && !masking.strategy.equals(runStrategy) && masking.ratio == null) {
            // The run's ratio was chosen for its own strategy: another strategy takes its own default.
            runSettings = runSettings.withoutPath(RATIO_KEY);
        }
        Map<String, Object> flags = new HashMap<>();
        masking.addTo(flags);
        clipSource.addTo(flags);
        return options.request(flags, runSettings);
    }

    /**
     * Checks, before any work, that a clip is named, that {@code --out} can be a folder and that
     * the checkpoint fits the run's model.
     *
     * @param command the command's name, for the message
     */
    void checkBeforeWork(String command) {
        if (!clipSource.given()) {
            throw new UsageException(command + " needs a clip: --video FILE or --embedded [--index I]");
        }
        clipSource.check();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file, not a folder");
        }
        run.checkFits(model, lossType);
    }

    /** Reads the clip the options name; without {@code --index}, the seed picks an embedded one. */
    VideoClip clip(long seed) {
        return clipSource.read(dataset, videoSettings, seed);
    }

    private static String stringOf(Config config, String key) {
        try {
            return config.hasPath(key) ? config.getString(key) : null;
        } catch (ConfigException e) {
            return null;
        }
    }
}
