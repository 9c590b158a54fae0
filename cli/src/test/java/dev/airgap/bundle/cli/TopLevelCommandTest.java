package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class TopLevelCommandTest {

    private static final List<String> COMMANDS = List.of("export", "import", "verify", "inspect", "keygen", "status", "credentials", "completion");

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpListsTheCommandsAndTheExitCodeTable(String option) {
        CliRun run = CliRun.run(option);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        for (String command : COMMANDS) {
            assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+" + command + "\\s+\\S.*")),
                    "help lists " + command + ":\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertAll(
                () -> assertTrue(run.out().contains("  0  success"), run.out()),
                () -> assertTrue(run.out().contains("  1  failure"), run.out()),
                () -> assertTrue(run.out().contains("  2  usage error"), run.out()),
                () -> assertTrue(run.out().contains("  3  verification failed"), run.out()),
                () -> assertTrue(run.out().contains("  4  registry or network failure"), run.out()),
                () -> assertTrue(run.out().contains("--debug"), run.out()),
                () -> assertTrue(run.out().contains("BUNDLE_DEBUG=1"), run.out()));
    }

    @Test
    void helpShowsEveryCommandAsWorking() {
        CliRun run = CliRun.run("--help");

        for (String command : COMMANDS) {
            assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+" + command + "\\s+\\S.*") && !l.contains("not implemented")),
                    command + " works and is not marked:\n" + run.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionPrintsTheMavenProjectVersion(String option) {
        String expected = System.getProperty("bundle.expectedVersion");
        assertNotNull(expected, "surefire passes bundle.expectedVersion");

        CliRun run = CliRun.run(option);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("bundle " + expected, run.out().lines().findFirst().orElse(""));
        assertEquals(expected, VersionProvider.version());
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHintToRunHelp() {
        CliRun run = CliRun.run("--bogus");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: Unknown option: '--bogus'."), run.err());
        assertTrue(run.err().contains("hint: run `bundle --help` to see the usage."), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Command(name = "strict")
    static final class StrictCommand implements Runnable {
        @Option(names = "--known")
        boolean known;

        @Override
        public void run() {}
    }

    @Test
    void unknownOptionOfASubcommandPointsToThatSubcommandsHelp() {
        CliRun run = CliRun.run(CliRun.PLAIN, ExitCodes.defaults(),
                cl -> cl.addSubcommand(new StrictCommand()), "strict", "--bogus");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("run `bundle strict --help`"), run.err());
    }

    @Test
    void misspelledCommandIsAUsageErrorWithASuggestion() {
        CliRun run = CliRun.run("exprot");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("exprot"), run.err());
        assertTrue(run.err().contains("export"), "suggests the closest command: " + run.err());
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.run();

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: Missing command: choose one of export, import, verify, inspect, keygen, status, credentials, completion."),
                run.err());
        assertTrue(run.err().contains("bundle --help"), run.err());
    }
}
