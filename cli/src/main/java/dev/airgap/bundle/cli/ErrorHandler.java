package dev.airgap.bundle.cli;

import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become output and exit codes, for every command.
 *
 * <ul>
 *   <li>Usage errors (picocli could not parse the command line): picocli's message, a hint to run
 *       {@code --help}, exit 2.</li>
 *   <li>Anything a command throws: one sentence and a hint from {@link ExitCodes}, the mapped exit
 *       code, and the stack trace only with {@code --debug} or {@code BUNDLE_DEBUG=1}.</li>
 * </ul>
 * Everything goes to stderr, so stdout holds only results (and stays valid JSON under {@code --json}).
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final String DEBUG_OPTION = "--debug";

    private final ExitCodes exitCodes;
    private final Environment environment;

    ErrorHandler(ExitCodes exitCodes, Environment environment) {
        this.exitCodes = Objects.requireNonNull(exitCodes, "exitCodes");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ExitCodes.sentence(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("hint: run `" + cmd.getCommandSpec().qualifiedName() + " --help` to see the usage.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult fullParseResult) {
        PrintWriter err = cmd.getErr();
        ExitCodes.Outcome outcome = exitCodes.classify(ex);
        err.println("error: " + outcome.sentence());
        if (outcome.hint() != null && !outcome.hint().isBlank()) {
            err.println("hint: " + outcome.hint());
        }
        if (debug(fullParseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return outcome.exitCode().code();
    }

    private boolean debug(ParseResult parseResult) {
        if (environment.debug()) {
            return true;
        }
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }
}
