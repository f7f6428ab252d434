package dev.adamae.runner;

import com.google.inject.AbstractModule;

/** Binds the console a job writes to. */
final class ConsoleModule extends AbstractModule {

    private final Console console;

    ConsoleModule(Console console) {
        this.console = console;
    }

    @Override
    protected void configure() {
        bind(Console.class).toInstance(console);
    }
}
