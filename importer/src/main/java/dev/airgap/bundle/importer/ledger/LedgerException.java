package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.IntegrityException;

/**
 * The ledger on the target could not be trusted: malformed JSON, a manifest of the wrong shape, or
 * someone else's content under the ledger tag. It is an integrity failure, because an importer
 * that guessed past it would lose its rollback protection.
 */
public class LedgerException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  public LedgerException(String message) {
    super(message);
  }

  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
