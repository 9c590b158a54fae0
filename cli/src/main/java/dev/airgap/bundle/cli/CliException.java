package dev.airgap.bundle.cli;

import java.util.Objects;

/**
 * A failure raised by the cli itself that already knows its exit code and what the user
 * should do about it. Exceptions from other modules do not extend this; they are mapped
 * by type in {@link ExitCodes}.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final String hint;

    /**
     * @param exitCode how the process ends
     * @param message  one sentence saying what went wrong
     * @param hint     what to do about it, or {@code null} when the message says it all
     */
    public CliException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public CliException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
        this.hint = hint;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** What the user should do next, or {@code null}. */
    public String hint() {
        return hint;
    }
}
