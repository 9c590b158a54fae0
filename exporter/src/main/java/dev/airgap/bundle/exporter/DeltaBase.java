package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Documents;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.receipt.Receipt;
import dev.airgap.bundle.format.receipt.ReceiptJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which configs and layers a bundle carries. A full bundle carries all; a delta leaves out what
 * its base says the target holds; a repair bundle carries only the blobs a target reported
 * missing. Blobs left out are listed in the index as expected on the target. Manifests always
 * travel: they are small and the importer needs them to plan.
 *
 * @param description what the bundle is relative to, recorded as the index's {@code base}; null for a full bundle
 */
public record DeltaBase(String description, Set<Digest> held, Set<Digest> only) {
  public DeltaBase {
    held = Set.copyOf(held);
    only = only == null ? null : Set.copyOf(only);
  }

  public static DeltaBase full() {
    return new DeltaBase(null, Set.of(), null);
  }

  /** Everything except what the target is known to hold. */
  public static DeltaBase since(String description, Set<Digest> held) {
    return new DeltaBase(Objects.requireNonNull(description), held, null);
  }

  /** Only the given blobs. */
  public static DeltaBase repair(String description, Set<Digest> missing) {
    return new DeltaBase(Objects.requireNonNull(description), Set.of(), missing);
  }

  public boolean carries(Digest blob) {
    return only != null ? only.contains(blob) : !held.contains(blob);
  }

  /**
   * Reads a base: a {@code receipt.json} from an import, a previous bundle file (or its first
   * volume), or a previous {@code bundle.json}. A bundle counts as holding every blob it lists,
   * since importing it put all of them on the target.
   */
  public static DeltaBase load(Path path) throws IOException {
    String name = path.getFileName().toString();
    if (name.endsWith(".json")) {
      byte[] raw = Documents.read(path, "base " + path, IllegalArgumentException::new);
      if (looksLikeReceipt(raw)) {
        Receipt receipt = ReceiptJson.parse(raw, path.toString());
        Set<Digest> held = new HashSet<>(receipt.blobs());
        held.addAll(receipt.manifests());
        return since("receipt " + Digest.sha256(raw) + " (target " + receipt.target() + ")", held);
      }
      return fromIndex(BundleIndexJson.parse(raw));
    }
    try (BundleArchive archive = BundleArchive.open(path, ReaderLimits.defaults())) {
      return fromIndex(BundleIndexJson.parse(archive.readMember(BundleIndex.INDEX_MEMBER, BundleIndexJson.MAX_BYTES)));
    }
  }

  private static DeltaBase fromIndex(BundleIndex index) {
    Set<Digest> held = new HashSet<>();
    for (BlobEntry b : index.blobs()) {
      held.add(b.digest());
    }
    return since("bundle " + index.bundleId() + " (channel " + index.channel() + ", sequence " + index.sequence() + ")", held);
  }

  /** A receipt names its target; a bundle index has a format version instead. */
  private static boolean looksLikeReceipt(byte[] raw) throws IOException {
    com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw);
    return root != null && root.has("target") && !root.has("formatVersion");
  }
}
