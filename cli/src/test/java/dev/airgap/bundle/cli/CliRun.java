package dev.airgap.bundle.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs {@code bundle} in-process with captured stdout, stderr and exit code. */
record CliRun(int exitCode, String out, String err) {

    static final Environment PLAIN = new Environment(Map.of(), false);

    static CliRun run(String... args) {
        return run(PLAIN, ExitCodes.defaults(), cl -> {}, args);
    }

    static CliRun run(Environment environment, String... args) {
        return run(environment, ExitCodes.defaults(), cl -> {}, args);
    }

    /** @param customize adds test-only subcommands and the like before running */
    static CliRun run(Environment environment, ExitCodes exitCodes, Consumer<CommandLine> customize, String... args) {
        CommandLine commandLine = Main.newCommandLine(environment, exitCodes);
        customize.accept(commandLine);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** stderr as lines, for exact comparisons. */
    String[] errLines() {
        return err.lines().toArray(String[]::new);
    }
}
