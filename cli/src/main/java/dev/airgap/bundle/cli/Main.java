package dev.airgap.bundle.cli;

import picocli.CommandLine;

/** Entry point of {@code bundle.jar}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(newCommandLine(Environment.system()).execute(args));
    }

    /** The fully configured {@code bundle} command line: one error handler and one exit-code table. */
    public static CommandLine newCommandLine(Environment environment) {
        return newCommandLine(environment, ExitCodes.defaults());
    }

    static CommandLine newCommandLine(Environment environment, ExitCodes exitCodes) {
        CommandLine commandLine = new CommandLine(new BundleCommand(environment));
        commandLine.getCommandSpec().usageMessage().footer(ExitCode.helpFooter());
        ErrorHandler errors = new ErrorHandler(exitCodes, environment);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        return commandLine;
    }
}
