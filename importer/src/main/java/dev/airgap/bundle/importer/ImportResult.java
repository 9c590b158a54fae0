package dev.airgap.bundle.importer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param bytesUploaded blob bytes sent to the target
 * @param bytesSkipped blob bytes the target already held or linked by mounting
 * @param reports files written for clusters and installers (empty for a dry run)
 * @param notes remarks about the reports, e.g. why a format was not written
 */
public record ImportResult(
    ImportPlan plan, boolean dryRun, long bytesUploaded, long bytesSkipped, List<Path> reports, List<String> notes,
    Duration elapsed) {
  public ImportResult {
    reports = List.copyOf(reports);
    notes = List.copyOf(notes);
  }
}
