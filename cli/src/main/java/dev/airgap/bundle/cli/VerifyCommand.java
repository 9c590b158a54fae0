package dev.airgap.bundle.cli;

import picocli.CommandLine.Command;

/** {@code bundle verify}: not implemented yet; it arrives with the bundle-format module's signature and digest checks. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Check a bundle's signature and blobs, offline. (not implemented yet)",
        description = "Will check the signature over the bundle's index, then the digest and size of every blob in it, without any network access.")
final class VerifyCommand extends NotImplementedCommand {
    VerifyCommand() {
        super("the bundle-format module's signature and digest checks");
    }
}
