package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.importer.ledger.ReplayException.Reason;
import java.time.Instant;
import java.util.Objects;

/**
 * Rollback protection (reliability rule 6): decides from the ledger whether a verified bundle may
 * be imported, before anything is pushed.
 *
 * <p>The rules, in the order they are checked, so the most serious one is the one reported:
 *
 * <ol>
 *   <li>A sequence the ledger already holds for the channel with a different index digest is an
 *       alarm: someone signed two different bundles with one number. No flag allows it.
 *   <li>A sequence lower than the channel's highest is a downgrade, refused unless allowed: an
 *       old, genuinely signed bundle replayed would otherwise roll the target back.
 *   <li>A bundle past its {@code expires} is refused unless allowed.
 * </ol>
 *
 * The same sequence with the same index digest is a re-import and passes.
 */
public final class ReplayCheck {
  private ReplayCheck() {}

  /**
   * Throws {@link ReplayException} when {@code index} must not be imported into the target whose
   * ledger is {@code ledger}. {@code indexDigest} is the digest of the raw, signature-checked
   * {@code bundle.json} bytes.
   */
  public static void check(Ledger ledger, BundleIndex index, Digest indexDigest, Instant now,
      boolean allowDowngrade, boolean allowExpired) {
    Objects.requireNonNull(now, "now");
    requireNoConflict(ledger, index, indexDigest);
    ChannelState mark = ledger.channel(index.channel()).orElse(null);
    if (mark != null && index.sequence() < mark.sequence() && !allowDowngrade) {
      throw new ReplayException(Reason.DOWNGRADE, "bundle " + index.bundleId() + " is sequence " + index.sequence()
          + " of channel '" + index.channel() + "', older than sequence " + mark.sequence() + " (bundle "
          + mark.bundleId() + ") already imported into this target, so it could roll the target back; pass"
          + " --allow-downgrade to import an older release on purpose");
    }
    if (index.expires() != null && now.isAfter(index.expires()) && !allowExpired) {
      throw new ReplayException(Reason.EXPIRED, "bundle " + index.bundleId() + " (sequence " + index.sequence()
          + " of channel '" + index.channel() + "') expired at " + index.expires() + " and it is now " + now
          + "; pass --allow-expired to import it anyway");
    }
  }

  /**
   * The alarm alone, which {@link Ledger#recordImport} also applies: the channel's mark or any
   * earlier import of the channel with the same sequence must have the same index digest.
   */
  static void requireNoConflict(Ledger ledger, BundleIndex index, Digest indexDigest) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(indexDigest, "indexDigest");
    ChannelState mark = ledger.channel(index.channel()).orElse(null);
    if (mark != null && mark.sequence() == index.sequence() && !mark.indexDigest().equals(indexDigest)) {
      throw conflict(index, indexDigest, mark.bundleId(), mark.indexDigest());
    }
    for (LedgerBundle earlier : ledger.bundles()) {
      if (earlier.channel().equals(index.channel()) && earlier.sequence() == index.sequence()
          && !earlier.indexDigest().equals(indexDigest)) {
        throw conflict(index, indexDigest, earlier.bundleId(), earlier.indexDigest());
      }
    }
  }

  private static ReplayException conflict(BundleIndex index, Digest indexDigest, String earlierId, Digest earlier) {
    return new ReplayException(Reason.SAME_SEQUENCE_DIFFERENT_CONTENT, "bundle " + index.bundleId()
        + " claims sequence " + index.sequence() + " of channel '" + index.channel() + "', which this target"
        + " already imported with different content (index " + earlier + " of bundle " + earlierId + ", now "
        + indexDigest + "); this may be a replay or a signing-key compromise, so it is refused and no flag"
        + " overrides it");
  }
}
