package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Digest;
import java.util.Objects;

/**
 * The highest sequence imported in one channel: the mark rollback protection compares against.
 * It only ever rises; an allowed downgrade leaves it where it was.
 *
 * @param sequence the highest sequence imported
 * @param indexDigest the index digest of the bundle that carried it, to tell a re-import of the
 *     same bundle from a different bundle claiming the same sequence
 * @param bundleId that bundle's id, for messages
 */
public record ChannelState(long sequence, Digest indexDigest, String bundleId) {
  public ChannelState {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
    Objects.requireNonNull(indexDigest, "indexDigest");
    Text.require(bundleId, "bundleId");
  }
}
