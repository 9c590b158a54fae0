package dev.airgap.bundle.cli;

import picocli.CommandLine.Command;

/** {@code bundle keygen}: not implemented yet; it arrives with the bundle-format module's signing support. */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Create a key pair for signing bundles. (not implemented yet)",
        description = "Will write a private key for signing bundles on the connected side and the public key that `bundle verify` and `bundle import` check against.")
final class KeygenCommand extends NotImplementedCommand {
    KeygenCommand() {
        super("the bundle-format module's signing support");
    }
}
