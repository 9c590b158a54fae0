package dev.airgap.bundle.importer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param prune what --prune removed or left alone (empty without --prune)
 * @param drifted tags moved outside the tool that --force-retag put back
 * @param bytesUploaded blob bytes sent to the target
 * @param bytesSkipped blob bytes the target already held or linked by mounting
 * @param reports files written for clusters and installers (empty for a dry run)
 * @param notes remarks about the reports, e.g. why a format was not written
 */
public record ImportResult(
    ImportPlan plan, PrunePlan prune, List<String> drifted, boolean dryRun, long bytesUploaded, long bytesSkipped,
    List<Path> reports, List<String> notes, Duration elapsed) {
  public ImportResult {
    drifted = List.copyOf(drifted);
    reports = List.copyOf(reports);
    notes = List.copyOf(notes);
  }
}
