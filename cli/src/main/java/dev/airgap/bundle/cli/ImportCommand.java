package dev.airgap.bundle.cli;

import picocli.CommandLine.Command;

/** {@code bundle import}: not implemented yet; it arrives with the importer module. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Push a bundle's images into a private registry. (not implemented yet)",
        description = "Will verify the bundle, create the repositories the target needs, push only the blobs it lacks, set tags last, and report where each image now lives.")
final class ImportCommand extends NotImplementedCommand {
    ImportCommand() {
        super("the importer module");
    }
}
