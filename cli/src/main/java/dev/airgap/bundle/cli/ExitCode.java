package dev.airgap.bundle.cli;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The process exit codes of {@code bundle}. The cli module is the only module that knows
 * these numbers; other modules throw typed exceptions and {@link ExitCodes} maps them here.
 */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "failure (anything not listed below)"),
    USAGE(2, "usage error: unknown command, option or bad argument"),
    VERIFICATION_FAILED(3, "verification failed: bad signature, digest or size"),
    REGISTRY(4, "registry or network failure");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The exit-code table shown as the footer of {@code bundle --help}. */
    static String helpFooter() {
        return Stream.of(values())
                .map(c -> String.format("  %d  %s", c.code, c.meaning))
                .collect(Collectors.joining("%n", "%nExit codes:%n", "%n"))
                + "%nErrors are one sentence and a hint on stderr; add --debug or set BUNDLE_DEBUG=1"
                + " to also see the stack trace.%n";
    }
}
