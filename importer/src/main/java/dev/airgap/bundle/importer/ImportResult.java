package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.index.BundleIndex;
import java.time.Duration;
import java.util.List;

/**
 * What an import did.
 *
 * @param kind what the bundle covers: a repair places no image, so no reference report is
 *     written from it
 * @param prune what --prune removed or left alone (empty without --prune)
 * @param drifted tags moved outside the tool that --force-retag put back
 * @param bytesUploaded blob bytes sent to the target
 * @param bytesSkipped blob bytes the target already held or linked by mounting
 */
public record ImportResult(
    BundleIndex.Kind kind, ImportPlan plan, PrunePlan prune, List<String> drifted, boolean dryRun, long bytesUploaded, long bytesSkipped,
    Duration elapsed) {
  public ImportResult {
    drifted = List.copyOf(drifted);
  }

  /**
   * Whether the import placed images whose references the reports describe. A repair bundle
   * names none; reports written from it would replace every earlier reference with nothing.
   */
  public boolean placedImages() {
    return kind != BundleIndex.Kind.REPAIR;
  }
}
