package dev.adamae.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** One run of the command line in this JVM, with what it printed. */
record CommandLineRun(int exitCode, String out, String err) {

    static CommandLineRun of(String... args) {
        return in(null, args);
    }

    static CommandLineRun in(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new AdaMaeMain(home, new PrintWriter(out), new PrintWriter(err)).run(args);
        return new CommandLineRun(code, out.toString(), err.toString());
    }
}
