package dev.airgap.bundle.importer;

import java.time.Duration;
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
 * @param resetLedger start the target's ledger over, ignoring the ledger and its backup: rollback
 *     protection restarts from this bundle
 * @param leaseWait how long to wait for another importer's lease on the target before refusing
 */
public record ImportOptions(
    boolean dryRun, boolean prune, boolean forceRetag, boolean allowDowngrade, boolean allowExpired, Instant now,
    boolean resetLedger, Duration leaseWait) {
  /** How long an import waits for another one into the same target by default. */
  public static final Duration DEFAULT_LEASE_WAIT = Duration.ofMinutes(5);

  public ImportOptions {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(leaseWait, "leaseWait");
    if (leaseWait.isNegative()) {
      throw new IllegalArgumentException("leaseWait must not be negative");
    }
  }

  public ImportOptions(
      boolean dryRun, boolean prune, boolean forceRetag, boolean allowDowngrade, boolean allowExpired, Instant now) {
    this(dryRun, prune, forceRetag, allowDowngrade, allowExpired, now, false, DEFAULT_LEASE_WAIT);
  }

  public static ImportOptions defaults() {
    return new ImportOptions(false, false, false, false, false, Instant.now());
  }

  public ImportOptions withDryRun(boolean value) {
    return new ImportOptions(value, prune, forceRetag, allowDowngrade, allowExpired, now, resetLedger, leaseWait);
  }
}
