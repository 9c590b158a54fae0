package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotImplementedCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "import  | the importer module",
    })
    void saysSoInOneSentenceAndExits1(String command, String arrivesWith) {
        CliRun run = CliRun.run(command);

        assertEquals(1, run.exitCode());
        assertEquals("", run.out(), "never pretends to produce output");
        assertArrayEquals(new String[] {
            "error: `bundle " + command + "` is not implemented yet in this version; it arrives with " + arrivesWith + "."
        }, run.errLines());
    }

    @ParameterizedTest
    @ValueSource(strings = {"import"})
    void argumentsDoNotHideThatTheCommandIsMissing(String command) {
        CliRun run = CliRun.run(command, "--release", "1.x", "some-file.tar.zst");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("is not implemented yet"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"import"})
    void helpOfEachCommandSaysWhatItWillDo(String command) {
        CliRun run = CliRun.run(command, "--help");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Usage: bundle " + command), run.out());
        assertTrue(run.out().contains("(not implemented yet)"), run.out());
    }
}
