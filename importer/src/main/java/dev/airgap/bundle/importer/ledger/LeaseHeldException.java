package dev.airgap.bundle.importer.ledger;

/** Another importer holds the target's lease and did not give it back within the wait allowed. */
public final class LeaseHeldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LeaseHeldException(String message) {
    super(message);
  }
}
