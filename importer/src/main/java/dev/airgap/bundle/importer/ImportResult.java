package dev.airgap.bundle.importer;

import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param prune what --prune removed or left alone (empty without --prune)
 * @param drifted tags moved outside the tool that --force-retag put back
 * @param bytesUploaded blob bytes sent to the target
 * @param bytesSkipped blob bytes the target already held or linked by mounting
 */
public record ImportResult(
    ImportPlan plan, PrunePlan prune, List<String> drifted, boolean dryRun, long bytesUploaded, long bytesSkipped,
    Duration elapsed) {
  public ImportResult {
    drifted = List.copyOf(drifted);
  }
}
