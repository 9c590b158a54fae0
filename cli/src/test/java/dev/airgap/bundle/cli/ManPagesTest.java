package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Man pages rendered from the command model: one page per command, nothing left out. */
class ManPagesTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandGetsAPageWithItsHeaderOptionsAndArguments() throws IOException {
        ManPages.write(Main.newCommandLine(CliRun.PLAIN), dir);

        List<CommandLine> commands = new ArrayList<>();
        collect(Main.newCommandLine(CliRun.PLAIN), commands);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(commands.size(), files.count(), "one page per command");
        }
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName("-");
            Path page = dir.resolve(name + ".1");
            assertTrue(Files.isRegularFile(page), "page " + page.getFileName());
            String roff = Files.readString(page);
            assertTrue(roff.startsWith(".TH " + name.toUpperCase().replace("-", "\\-") + " 1 "), roff);
            assertTrue(roff.contains(".SH NAME\n" + name.replace("-", "\\-") + " \\- "), roff);
            assertTrue(roff.contains(".SH SYNOPSIS"), roff);
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (!option.hidden()) {
                    assertTrue(roff.contains("\\fB" + option.longestName().replace("-", "\\-") + "\\fR"),
                            name + " documents " + option.longestName() + ":\n" + roff);
                }
            }
            for (PositionalParamSpec parameter : command.getCommandSpec().positionalParameters()) {
                if (!parameter.hidden()) {
                    assertTrue(roff.contains("\\fI" + parameter.paramLabel() + "\\fR"), name + " documents " + parameter.paramLabel());
                }
            }
            for (String line : roff.split("\n")) {
                assertFalse(line.startsWith("'"), "a line starting with ' is a roff control line: " + line);
                assertFalse(line.contains("\u001b"), "no ANSI escapes: " + line);
            }
        }
    }

    @Test
    void theTopPageCarriesTheExitCodesAndLinksEveryCommandPage() throws IOException {
        ManPages.write(Main.newCommandLine(CliRun.PLAIN), dir);

        String roff = Files.readString(dir.resolve("bundle.1"));
        assertTrue(roff.contains(".SH EXIT STATUS"), roff);
        assertTrue(roff.contains("verification failed"), roff);
        assertTrue(roff.contains("bundle\\-export (1)") || roff.contains("bundle\\-export(1)"), roff);
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
