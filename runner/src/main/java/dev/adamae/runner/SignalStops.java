package dev.adamae.runner;

import dev.adamae.engine.train.StopRequest;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * What SIGINT (Ctrl-C) and SIGTERM do: while a training loop runs, the first one asks it to stop
 * after its step with a checkpoint ({@link StopRequest}), and the command then exits with the
 * conventional code, 128 plus the signal's number; a second signal, or one while no loop runs,
 * ends the process at once with that code.
 */
final class SignalStops {

    /** The exit code of a process ended by each signal, by the name {@link StopRequest} is given. */
    private static final Map<String, Integer> EXIT_CODES = Map.of("SIGINT", 130, "SIGTERM", 143);

    private static final AtomicInteger RECEIVED = new AtomicInteger();

    private SignalStops() {
    }

    /** Handles SIGINT and SIGTERM from now on, telling of a clean stop on {@code err}. */
    static void install(PrintStream err) {
        for (String name : EXIT_CODES.keySet()) {
            try {
                Signal.handle(new Signal(name.substring("SIG".length())), signal -> received(name, err));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal (run with -Xrs): its default, an exit at once, stays.
            }
        }
    }

    private static void received(String name, PrintStream err) {
        int code = exitCode(name);
        if (RECEIVED.getAndIncrement() == 0 && StopRequest.request(name)) {
            err.println("adamae: " + name + ": stopping after this step, with a checkpoint (" + name
                    + " again stops at once)");
            err.flush();
            return;
        }
        if (RECEIVED.get() > 1) {
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** Returns the exit code for a stop by {@code reason}, a signal's name; 1 for any other reason. */
    static int exitCode(String reason) {
        return EXIT_CODES.getOrDefault(reason, AdaMaeMain.FAILED);
    }
}
