package dev.airgap.bundle.importer.ledger;

/**
 * Another importer changed the ledger between our read and our write. Not an integrity failure:
 * running the import again re-reads the ledger, skips what is already pushed and records both.
 */
public class ConcurrentLedgerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConcurrentLedgerException(String message) {
    super(message);
  }
}
