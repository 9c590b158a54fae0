package dev.airgap.bundle.format.receipt;

import dev.airgap.bundle.format.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What a target holds after imports, written by {@code bundle import} as {@code receipt.json} and
 * carried back across the gap so the next export ships only the difference.
 *
 * @param target the target's name in registries.json
 * @param bundles the bundles imported, oldest first
 * @param blobs configs and layers the target now holds for the imported releases
 * @param manifests manifests it holds
 */
public record Receipt(int version, String target, List<ReceiptBundle> bundles, List<Digest> blobs, List<Digest> manifests) {
  public static final int VERSION = 1;

  public Receipt {
    if (version != VERSION) {
      throw new IllegalArgumentException("receipt version " + version + " is not supported (expected " + VERSION + ")");
    }
    Objects.requireNonNull(target, "target");
    bundles = List.copyOf(bundles);
    blobs = List.copyOf(blobs);
    manifests = List.copyOf(manifests);
  }

  /** One imported bundle. */
  public record ReceiptBundle(String bundleId, String channel, long sequence, Digest indexDigest) {
    public ReceiptBundle {
      Objects.requireNonNull(bundleId, "bundleId");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(indexDigest, "indexDigest");
    }
  }
}
