package dev.airgap.bundle.importer.ledger;

/**
 * This importer's lease was taken over (it could not be renewed in time), so it stops before
 * moving a tag or writing the ledger; running the import again is safe.
 */
public final class LeaseLostException extends ConcurrentLedgerException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(String message) {
    super(message);
  }
}
