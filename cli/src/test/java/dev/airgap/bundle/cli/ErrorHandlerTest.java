package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The one error handler and exit-code table, exercised through a test-only command that throws. */
class ErrorHandlerTest {

    /** Stand-ins for the typed exceptions other modules will define. */
    static class FakeVerificationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FakeVerificationException(String message) {
            super(message);
        }
    }

    static final class FakeDigestMismatchException extends FakeVerificationException {
        private static final long serialVersionUID = 1L;

        FakeDigestMismatchException(String message) {
            super(message);
        }
    }

    interface FakeRegistryFailure {}

    static final class FakeManifestUnknownException extends IOException implements FakeRegistryFailure {
        private static final long serialVersionUID = 1L;

        FakeManifestUnknownException(String message) {
            super(message);
        }
    }

    @Command(name = "boom")
    static final class ThrowingCommand implements Callable<Integer> {
        private final Exception failure;

        ThrowingCommand(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    private static final ExitCodes WITH_MODULE_TYPES = ExitCodes.defaults().toBuilder()
            .map(FakeVerificationException.class, ExitCode.VERIFICATION_FAILED,
                    "Copy the bundle again from its source, then run `bundle verify`.")
            .mapInterface(FakeRegistryFailure.class, ExitCode.REGISTRY, "Check what the registry holds.")
            .build();

    private static CliRun boom(Exception failure, String... extraArgs) {
        return boom(CliRun.PLAIN, failure, extraArgs);
    }

    private static CliRun boom(Environment environment, Exception failure, String... extraArgs) {
        String[] args = new String[extraArgs.length + 1];
        args[0] = "boom";
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        return CliRun.run(environment, WITH_MODULE_TYPES,
                cl -> cl.addSubcommand("boom", new ThrowingCommand(failure)), args);
    }

    private static void assertNoStackTrace(CliRun run) {
        assertFalse(run.err().contains("\tat "), "no stack trace by default:\n" + run.err());
        assertFalse(run.err().contains("Exception:"), "no exception class names by default:\n" + run.err());
    }

    @Test
    void networkFailureExits4WithOneSentenceAndAHint() {
        CliRun run = boom(new ConnectException("Connection refused"));

        assertEquals(4, run.exitCode());
        assertEquals("", run.out());
        String[] lines = run.errLines();
        assertEquals(2, lines.length, run.err());
        assertEquals("error: cannot connect to the registry: Connection refused.", lines[0]);
        assertTrue(lines[1].startsWith("hint: Check the registry address"), lines[1]);
        assertNoStackTrace(run);
    }

    @Test
    void jdkNetworkAndTlsTypesMapTo4() {
        assertEquals(4, boom(new UnknownHostException("registry.invalid")).exitCode());
        assertEquals(4, boom(new SSLHandshakeException("PKIX path building failed")).exitCode());
    }

    @Test
    void aMappedModuleTypeCoversItsSubtypes() {
        CliRun run = boom(new FakeDigestMismatchException("blob sha256:ab12 has digest sha256:cd34"));

        assertEquals(3, run.exitCode());
        assertArrayEquals(new String[] {
            "error: blob sha256:ab12 has digest sha256:cd34.",
            "hint: Copy the bundle again from its source, then run `bundle verify`.",
        }, run.errLines());
    }

    @Test
    void aMarkerInterfaceWinsOverTheSuperclassOfTheImplementingClass() {
        // IOException itself is unmapped (exit 1); the marker on the subclass is more specific.
        CliRun run = boom(new FakeManifestUnknownException("manifest unknown: library/nginx@sha256:ab12"));

        assertEquals(4, run.exitCode());
        assertEquals("hint: Check what the registry holds.", run.errLines()[1]);
    }

    @Test
    void aMappedCauseDecidesTheCodeAndTheWrapperGivesContext() {
        CliRun run = boom(new UncheckedIOException("pulling docker.io/library/nginx:1.25 failed",
                new ConnectException("Connection refused")));

        assertEquals(4, run.exitCode());
        assertEquals("error: pulling docker.io/library/nginx:1.25 failed"
                + " (cannot connect to the registry: Connection refused).", run.errLines()[0]);
        assertNoStackTrace(run);
    }

    @Test
    void concurrencyWrappersAreSeenThrough() {
        CliRun run = boom(new CompletionException(new FakeVerificationException("signature does not match")));

        assertEquals(3, run.exitCode());
        assertEquals("error: signature does not match.", run.errLines()[0]);
    }

    @Test
    void cliExceptionCarriesItsOwnCodeAndHint() {
        CliRun run = boom(new CliException(ExitCode.REGISTRY, "the registry refused the push",
                "Give the robot account push rights."));

        assertEquals(4, run.exitCode());
        assertArrayEquals(new String[] {
            "error: the registry refused the push.",
            "hint: Give the robot account push rights.",
        }, run.errLines());
    }

    @Test
    void fileNotFoundIsAFailureWithAClearSentence() {
        CliRun run = boom(new NoSuchFileException("/media/usb/release.tar.zst"));

        assertEquals(1, run.exitCode());
        assertEquals("error: file not found: /media/usb/release.tar.zst.", run.errLines()[0]);
    }

    @Test
    void anUnmappedExceptionExits1AndSuggestsDebug() {
        CliRun run = boom(new IllegalStateException("index has no entries"));

        assertEquals(1, run.exitCode());
        assertArrayEquals(new String[] {
            "error: index has no entries.",
            "hint: " + ExitCodes.DEBUG_HINT,
        }, run.errLines());
        assertNoStackTrace(run);
    }

    @Test
    void anExceptionWithoutMessageStillGivesASentence() {
        CliRun run = boom(new NullPointerException());

        assertEquals(1, run.exitCode());
        assertEquals("error: unexpected java.lang.NullPointerException.", run.errLines()[0]);
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void debugOptionPrintsTheStackTraceOnTheCommandOrBeforeIt() {
        CliRun after = boom(new IllegalStateException("index has no entries"), "--debug");
        CliRun before = CliRun.run(CliRun.PLAIN, WITH_MODULE_TYPES,
                cl -> cl.addSubcommand("boom", new ThrowingCommand(new IllegalStateException("x"))),
                "--debug", "boom");

        assertEquals(1, after.exitCode());
        assertTrue(after.err().startsWith("error: index has no entries.\n"), after.err());
        assertTrue(after.err().contains("java.lang.IllegalStateException: index has no entries"), after.err());
        assertTrue(after.err().contains("\tat "), after.err());
        assertTrue(before.err().contains("\tat "), before.err());
    }

    @Test
    void bundleDebugEnvironmentVariablePrintsTheStackTrace() {
        CliRun run = boom(new Environment(Map.of("BUNDLE_DEBUG", "1"), false), new ConnectException("refused"));

        assertEquals(4, run.exitCode());
        assertTrue(run.err().contains("java.net.ConnectException: refused"), run.err());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void exceptionsCannotBeMappedToOkOrUsage() {
        assertThrows(IllegalArgumentException.class,
                () -> ExitCodes.builder().map(RuntimeException.class, ExitCode.USAGE, "no"));
        assertThrows(IllegalArgumentException.class,
                () -> ExitCodes.builder().map(RuntimeException.class, ExitCode.OK, "no"));
        assertThrows(IllegalArgumentException.class,
                () -> ExitCodes.builder().mapInterface(RuntimeException.class, ExitCode.FAILURE, "no"));
    }

    @Test
    void theMostSpecificMappingWins() {
        ExitCodes codes = ExitCodes.defaults().toBuilder()
                .map(IOException.class, ExitCode.FAILURE, "generic I/O")
                .build();

        assertEquals(ExitCode.REGISTRY, codes.classify(new ConnectException("refused")).exitCode());
        assertEquals("generic I/O", codes.classify(new IOException("disk full")).hint());
    }

    @Test
    void exitCodeNumbersAreTheDocumentedOnes() {
        assertEquals(0, ExitCode.OK.code());
        assertEquals(1, ExitCode.FAILURE.code());
        assertEquals(2, ExitCode.USAGE.code());
        assertEquals(3, ExitCode.VERIFICATION_FAILED.code());
        assertEquals(4, ExitCode.REGISTRY.code());
    }
}
