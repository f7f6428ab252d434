package dev.adamae.runner.cli;

import picocli.CommandLine.Command;

/** Groups the commands that look at a data set. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Looks at a data set of videos.",
        subcommands = {DataCheckCommand.class})
public final class DataCommand {
}
