package dev.airgap.bundle.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bundle credentials …}: the pull credentials clusters use for an import target. */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    commandListHeading = "%nCommands:%n",
    header = "Manage the pull credential clusters use for an import target.",
    description = "The credential comes from the target's \"pull\" section in registries.json: a Quay robot"
        + " account or a token file. `bundle import --pull-secrets` writes the Kubernetes manifests first.",
    subcommands = CredentialsRotateCommand.class)
final class CredentialsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
