package dev.airgap.bundle.importer.ledger;

/**
 * The target had a ledger (its lease says which) and neither the ledger nor its backup copy is
 * there any more. Importing as if the target were new would drop rollback protection, so the
 * import stops until an operator restores the ledger or starts over on purpose.
 */
public final class LedgerMissingException extends LedgerException {
  private static final long serialVersionUID = 1L;

  public LedgerMissingException(String message) {
    super(message);
  }
}
