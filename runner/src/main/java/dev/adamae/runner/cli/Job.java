package dev.adamae.runner.cli;

import dev.adamae.runner.config.ConfigRequest;
import java.util.concurrent.Callable;

/**
 * A subcommand that runs with the configuration and the injector of the run.
 *
 * <p>The entry point parses the command line, builds the configuration this job asks for,
 * creates the injector, injects the job's {@code @Inject} members, then calls it.
 */
public interface Job extends Callable<Integer> {

    /** Returns what the job's options ask of the configuration. */
    ConfigRequest configRequest();
}
