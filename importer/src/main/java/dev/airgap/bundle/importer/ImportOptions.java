package dev.airgap.bundle.importer;

import java.time.Instant;
import java.util.Objects;

/**
 * How an import may deviate from the safe default.
 *
 * @param dryRun plan and report only
 * @param prune remove tags this tool created earlier that the bundle no longer has
 * @param forceRetag put back tags that were moved outside the tool
 * @param allowDowngrade accept a lower sequence than the ledger's for the channel
 * @param allowExpired accept a bundle past its expiry
 * @param now the time expiry is judged against
 */
public record ImportOptions(
    boolean dryRun, boolean prune, boolean forceRetag, boolean allowDowngrade, boolean allowExpired, Instant now) {
  public ImportOptions {
    Objects.requireNonNull(now, "now");
  }

  public static ImportOptions defaults() {
    return new ImportOptions(false, false, false, false, false, Instant.now());
  }

  public ImportOptions withDryRun(boolean value) {
    return new ImportOptions(value, prune, forceRetag, allowDowngrade, allowExpired, now);
  }
}
