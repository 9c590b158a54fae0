package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.IntegrityException;
import java.util.Objects;

/** A bundle was refused by rollback protection; {@link #reason()} says which rule refused it. */
public final class ReplayException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  /** Why a bundle was refused. */
  public enum Reason {
    /** Older than the channel's highest imported sequence; {@code --allow-downgrade} permits it. */
    DOWNGRADE,
    /** A sequence already imported with another index; no flag permits it. */
    SAME_SEQUENCE_DIFFERENT_CONTENT,
    /** Past its {@code expires}; {@code --allow-expired} permits it. */
    EXPIRED
  }

  private final Reason reason;

  public ReplayException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
