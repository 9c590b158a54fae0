package dev.airgap.bundle.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code bundle} command; the work happens in its subcommands. */
@Command(
        name = "bundle",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        headerHeading = "%n",
        synopsisHeading = "Usage: ",
        descriptionHeading = "%n",
        description = {
            "Carries container images across an air gap: `bundle export` writes the images of a release"
                    + " into one signed tar.zst file for removable media; `bundle import` pushes that file"
                    + " into a private registry on the other side; `bundle credentials rotate` renews the"
                    + " credential clusters pull those images with.",
        },
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        subcommands = {
            ExportCommand.class,
            ImportCommand.class,
            VerifyCommand.class,
            InspectCommand.class,
            KeygenCommand.class,
            StatusCommand.class,
            CredentialsCommand.class,
            CompletionCommand.class,
        })
public final class BundleCommand implements Callable<Integer> {

    private final Environment environment;

    @Spec
    private CommandSpec spec;

    /** Inherited by every subcommand; {@link ErrorHandler} reads it from the parse result. */
    @Option(names = ErrorHandler.DEBUG_OPTION, scope = ScopeType.INHERIT,
            description = "On failure, also print the stack trace (same as BUNDLE_DEBUG=1).")
    private boolean debug;

    BundleCommand(Environment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    Environment environment() {
        return environment;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
