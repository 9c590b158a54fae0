package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.Selection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Minimal signed-index values for ledger tests: only the fields rollback protection reads. */
final class Bundles {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private Bundles() {}

  static BundleIndex index(String bundleId, String channel, long sequence) {
    return index(bundleId, channel, sequence, null);
  }

  static BundleIndex index(String bundleId, String channel, long sequence, Instant expires) {
    return new BundleIndex(1, bundleId, channel, sequence, T0, expires, "test", null,
        new Selection("1.0.0", false, List.of("1.0.0"), List.of()), List.of(), List.of(), List.of(), List.of());
  }

  /** A stand-in for the digest of a bundle's raw index bytes. */
  static Digest digest(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  static LedgerTag tag(String repository, String tag, String digestSeed, String bundleId) {
    return new LedgerTag(repository, tag, digest(digestSeed), bundleId);
  }

  /** A ledger after importing the given bundles in order, each with no tags. */
  static Ledger imported(BundleIndex... indexes) {
    Ledger ledger = Ledger.empty();
    for (BundleIndex index : indexes) {
      ledger = ledger.recordImport(index, digest(index.bundleId()), List.of(), List.of(), T0);
    }
    return ledger;
  }
}
