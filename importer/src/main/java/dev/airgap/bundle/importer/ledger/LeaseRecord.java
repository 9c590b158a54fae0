package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Digest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The lease document: who holds the target, until when, and the ledger the target had when it
 * was last written.
 *
 * @param owner the importer that took it
 * @param acquiredAt when it was taken
 * @param expiresAt when another importer may take it over; renewed while the import runs
 * @param released whether the owner gave it back (then it is free at once)
 * @param ledger the digest of the last ledger manifest this target is known to have had, or the
 *     empty string when none: carried from lease to lease, so an import that finds no ledger can
 *     tell a new target from one whose ledger was deleted
 */
public record LeaseRecord(LeaseOwner owner, Instant acquiredAt, Instant expiresAt, boolean released, String ledger) {
  public LeaseRecord {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(ledger, "ledger");
    if (!ledger.isEmpty()) {
      Digest.parse(ledger);
    }
  }

  /** Held by its owner at {@code now}: not released and not yet expired. */
  public boolean liveAt(Instant now) {
    return !released && now.isBefore(expiresAt);
  }

  public Optional<Digest> ledgerManifest() {
    return ledger.isEmpty() ? Optional.empty() : Optional.of(Digest.parse(ledger));
  }
}
