package dev.adamae.runner.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The root command; it only groups the subcommands. */
@Command(name = "adamae", mixinStandardHelpOptions = true, versionProvider = AdaMaeCommand.Version.class,
        description = "Self-supervised video pre-training with masked autoencoders and pluggable masking strategies.",
        subcommands = {StrategiesCommand.class, MasksCommand.class, PretrainCommand.class, FinetuneCommand.class, ProbeCommand.class,
                EvalCommand.class, BenchCommand.class, PerfCommand.class, CurveCommand.class, DataCommand.class,
                VisualizeCommand.class, SaliencyCommand.class, ImportCommand.class, ExportCommand.class})
public final class AdaMaeCommand {

    /** Reports the version from the runner jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AdaMaeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"adamae " + (version == null ? "(development build)" : version)
                    + ", masking SPI " + dev.adamae.api.SpiVersion.CURRENT};
        }
    }
}
