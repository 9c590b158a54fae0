package dev.airgap.bundle.importer.ledger;

/**
 * Another importer wrote the target's lease right after this one did, so this one never held it:
 * found when the lease is read back after its settle time, before anything was written. The
 * import starts over by waiting for the other one's lease like for any holder.
 */
public final class LeaseContendedException extends ConcurrentLedgerException {
  private static final long serialVersionUID = 1L;

  public LeaseContendedException(String message) {
    super(message);
  }
}
