package dev.airgap.bundle.cli;

import picocli.CommandLine.Command;

/** {@code bundle inspect}: not implemented yet; it arrives with the registry-client module. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Show an image's digest, platforms and layers. (not implemented yet)",
        description = "Will show an image's digest, its platforms, and the media type, digest and size of its manifests and layers.")
final class InspectCommand extends NotImplementedCommand {
    InspectCommand() {
        super("the registry-client module");
    }
}
