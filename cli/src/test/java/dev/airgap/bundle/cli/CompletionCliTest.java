package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code bundle completion bash|zsh}: scripts generated from the same model as --help. */
class CompletionCliTest {

    @Test
    void bashScriptCompletesEveryCommandAndOption() {
        CliRun run = CliRun.run("completion", "bash");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("complete -F _complete_bundle"), run.out());
        for (CommandLine command : Main.newCommandLine(CliRun.PLAIN).getSubcommands().values()) {
            assertTrue(run.out().contains(command.getCommandName()), "completes " + command.getCommandName());
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (!option.hidden()) {
                    assertTrue(run.out().contains(option.longestName()),
                            command.getCommandName() + " " + option.longestName() + " is completed");
                }
            }
        }
    }

    @Test
    void zshScriptLoadsBashCompletionThenTheSameFunctions() {
        CliRun run = CliRun.run("completion", "zsh");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("bashcompinit"), run.out());
        assertTrue(run.out().contains("complete -F _complete_bundle"), run.out());
    }

    @Test
    void anUnknownShellIsAUsageErrorNamingTheChoices() {
        CliRun run = CliRun.run("completion", "fish");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("bash") && run.err().contains("zsh"), run.err());
    }

    @Test
    void helpListsTheCompletionCommand() {
        CommandSpec root = Main.newCommandLine(CliRun.PLAIN).getCommandSpec();
        assertTrue(root.subcommands().containsKey("completion"), root.subcommands().keySet().toString());
    }
}
