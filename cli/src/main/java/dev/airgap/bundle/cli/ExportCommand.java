package dev.airgap.bundle.cli;

import picocli.CommandLine.Command;

/** {@code bundle export}: not implemented yet; it arrives with the exporter module. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Pull a release's images into a signed bundle. (not implemented yet)",
        description = "Will resolve a release to image digests, pull every manifest and blob once from the source registries, and write them with a signed index into one tar.zst file.")
final class ExportCommand extends NotImplementedCommand {
    ExportCommand() {
        super("the exporter module");
    }
}
