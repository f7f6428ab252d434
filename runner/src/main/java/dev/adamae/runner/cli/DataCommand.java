package dev.adamae.runner.cli;

import picocli.CommandLine.Command;

/** Groups the commands that look at a data set. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Looks at a data set: checks its videos, measures its loading, reports what a masked autoencoder can learn from it.",
        subcommands = {DataCheckCommand.class, DataBenchCommand.class, DataStatsCommand.class})
public final class DataCommand {
}
