package dev.airgap.bundle.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Output options shared by every command that prints a result; add with
 * {@code @Mixin OutputOptions output;} and print through {@code output.console()}.
 */
public final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--json", description = "Print the result as JSON on stdout (progress and errors stay on stderr).")
    private boolean json;

    public boolean json() {
        return json;
    }

    /** The console for the command this mixin is part of. */
    public Console console() {
        return Console.of(mixee, json);
    }
}
