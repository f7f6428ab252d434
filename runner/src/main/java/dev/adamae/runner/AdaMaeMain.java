package dev.adamae.runner;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import com.typesafe.config.Config;
import dev.adamae.api.InvalidSettingException;
import dev.adamae.api.MissingContentException;
import dev.adamae.engine.train.StrategyFaultException;
import dev.adamae.engine.train.TrainingStoppedException;
import dev.adamae.runner.cli.AdaMaeCommand;
import dev.adamae.runner.cli.Job;
import dev.adamae.runner.config.ConfigLoader;
import dev.adamae.runner.config.ConfigModule;
import dev.adamae.runner.config.ConfigRequest;
import dev.adamae.runner.masking.MaskingModule;
import dev.adamae.runner.plugins.DiscoveredStrategies;
import dev.adamae.runner.plugins.PluginDiscovery;
import dev.adamae.runner.train.TrainingModule;
import dev.adamae.runner.visual.PicturesModule;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The entry point of the {@code adamae} command: parses the command line, builds and checks
 * the configuration, discovers the masking strategies, creates the one injector of the run,
 * and calls the chosen job.
 */
public final class AdaMaeMain {

    /** Exit code of a run that succeeded. */
    public static final int OK = 0;
    /** Exit code of a run that failed while working. */
    public static final int FAILED = 1;
    /** Exit code of a run refused for its command line, settings, files or names. */
    public static final int USAGE = 2;

    /** The system property, set by the launcher, that names the installation folder. */
    public static final String HOME_PROPERTY = "adamae.home";

    private final Path home;
    private final PrintWriter out;
    private final PrintWriter err;

    public AdaMaeMain(Path home, PrintWriter out, PrintWriter err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        String home = System.getProperty(HOME_PROPERTY);
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        LibraryOutputFilter.install(System.err);
        SignalStops.install(System.err);
        dev.adamae.runner.bench.ChildJvm.watchParent();
        int code = new AdaMaeMain(home == null ? null : Path.of(home), out, err).run(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line {@code args} and returns the exit code. */
    public int run(String... args) {
        CommandLine commandLine = new CommandLine(new AdaMaeCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (ParameterException e) {
            err.println("adamae: " + e.getMessage());
            err.println("Try 'adamae " + subcommandPath(e.getCommandLine()) + "--help' for the options.");
            return USAGE;
        }
        Integer helped = CommandLine.executeHelpRequest(parsed);
        if (helped != null) {
            return helped;
        }
        List<CommandLine> chosen = parsed.asCommandLineList();
        Object command = chosen.get(chosen.size() - 1).getCommand();
        if (!(command instanceof Job job)) {
            commandLine.usage(err);
            return USAGE;
        }
        try {
            return execute(job);
        } catch (UsageException | InvalidSettingException | StrategyFaultException | MissingContentException e) {
            err.println("adamae: " + e.getMessage());
            return USAGE;
        } catch (RunFailedException e) {
            err.println("adamae: " + e.getMessage());
            return FAILED;
        } catch (TrainingStoppedException e) {
            err.println("adamae: " + e.getMessage());
            return SignalStops.exitCode(e.reason());
        } catch (UncheckedIOException e) {
            // A full disk, a read-only folder: the message names the file and the cause.
            err.println("adamae: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("adamae: failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        } finally {
            err.flush();
            out.flush();
        }
    }

    private int execute(Job job) throws RuntimeException {
        ConfigRequest request = job.configRequest();
        ConfigLoader loader = new ConfigLoader(home);
        PluginDiscovery discovery = new PluginDiscovery();
        Config hostReference = com.typesafe.config.ConfigFactory.defaultReference(AdaMaeMain.class.getClassLoader());
        DiscoveredStrategies discovered = discovery.discover(loader.pluginsDir(request, hostReference));
        Console console = new Console(out, err);
        discovered.problems().forEach(console::warn);
        Config config = loader.load(request, discovered.reference());
        try {
            // The production stage builds every singleton now, so every setting is read and
            // checked at start-up, whichever command runs.
            Injector injector = Guice.createInjector(Stage.PRODUCTION,
                    new ConfigModule(config), new MaskingModule(discovered), new TrainingModule(),
                    new PicturesModule(), new ConsoleModule(console));
            injector.injectMembers(job);
        } catch (ProvisionException e) {
            throw unwrap(e.getErrorMessages(), e);
        } catch (CreationException e) {
            throw unwrap(e.getErrorMessages(), e);
        }
        try {
            return job.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the user's own error from inside Guice's wrapping, when there is one. */
    private static RuntimeException unwrap(java.util.Collection<Message> messages, RuntimeException wrapper) {
        for (Message message : messages) {
            Throwable cause = message.getCause();
            if (cause instanceof UsageException usage) {
                return usage;
            }
            if (cause instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return wrapper;
    }

    private static String subcommandPath(CommandLine commandLine) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = commandLine; c != null && c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }
}
