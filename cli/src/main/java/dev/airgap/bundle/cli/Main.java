package dev.airgap.bundle.cli;

import picocli.CommandLine;

/** Entry point of {@code bundle.jar}. */
public final class Main {

    private Main() {}

    /**
     * The JDK HTTP client reads sockets into 16 KiB buffers by default; for gigabytes of blobs the
     * allocation and copying shows up in profiles (bench/), and 64 KiB cut export time measurably.
     * Set before any client exists; an explicit -D setting wins.
     */
    private static final String HTTP_BUFFER_SIZE = "65536";

    public static void main(String[] args) {
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", HTTP_BUFFER_SIZE);
        }
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
