package dev.adamae.runner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where libraries' prints to {@code System.out} go: to standard error, so that standard output
 * carries only the command's own results (and stays machine-readable with {@code --json}),
 * less the lines known to be noise.
 */
final class LibraryOutputFilter extends OutputStream {

    /** SameDiff announces every op it differentiates on standard output. */
    private static final List<String> NOISE = List.of("Added differentiated op ");

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private LibraryOutputFilter(PrintStream target) {
        this.target = target;
    }

    /** Sends {@code System.out} to {@code target}, without the noise. */
    static void install(PrintStream target) {
        System.setOut(new PrintStream(new LibraryOutputFilter(target), true, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (NOISE.stream().noneMatch(text::startsWith)) {
                target.println(text);
            }
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }
}
