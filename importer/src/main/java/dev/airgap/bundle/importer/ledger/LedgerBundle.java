package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * One successful import, in the order they happened. A re-import or an allowed downgrade is
 * recorded too, so the history shows every time a bundle was applied.
 *
 * @param bundleId the bundle's id from its signed index
 * @param channel the bundle's channel
 * @param sequence the bundle's sequence within its channel
 * @param indexDigest digest of the raw {@code bundle.json} bytes that were signed
 * @param importedAt when the import finished
 */
public record LedgerBundle(String bundleId, String channel, long sequence, Digest indexDigest, Instant importedAt) {
  public LedgerBundle {
    Text.require(bundleId, "bundleId");
    Text.require(channel, "channel");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
    Objects.requireNonNull(indexDigest, "indexDigest");
    Objects.requireNonNull(importedAt, "importedAt");
  }
}
