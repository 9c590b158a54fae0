package dev.airgap.bundle.format.verify;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Every manifest a verified index lists, read from the archive and checked: its bytes against its
 * digest, its own {@code mediaType} against the blob entry, and every index's descriptors against
 * the child documents they name (same media type and size, requirement 13). Also knows each
 * manifest's height in the graph, so indexes of indexes can be pushed children first.
 */
public final class CarriedManifests {
  /** Indexes nested deeper than this are refused (the exporter carries no deeper ones). */
  public static final int MAX_HEIGHT = 8;

  private final Map<Digest, Manifest> manifests;
  private final Map<Digest, Integer> heights = new HashMap<>();

  private CarriedManifests(Map<Digest, Manifest> manifests) {
    this.manifests = manifests;
  }

  public static CarriedManifests read(BundleArchive archive, BundleIndex index) throws IOException {
    Map<Digest, Manifest> out = new HashMap<>();
    for (BlobEntry blob : index.blobs()) {
      if (blob.kind() != BlobEntry.Kind.manifest) {
        continue;
      }
      if (blob.location() != BlobEntry.Location.bundle) {
        throw new IntegrityException("manifest " + blob.digest() + " is not in the bundle; manifests always travel");
      }
      byte[] bytes = archive.readMember(BundleIndex.blobMember(blob.digest()), ManifestSummary.MAX_MANIFEST_BYTES);
      out.put(blob.digest(), Manifest.verified(bytes, blob.mediaType(), blob.digest(), "manifest " + blob.digest()));
    }
    CarriedManifests carried = new CarriedManifests(out);
    carried.checkDescriptors();
    return carried;
  }

  /** An index's descriptor must describe the child it names: same media type, same size. */
  private void checkDescriptors() {
    for (Manifest parent : manifests.values()) {
      for (Descriptor d : parent.summary().manifests()) {
        Manifest child = manifests.get(d.digest());
        if (child == null) {
          continue; // a child the selection left out travels in no bundle
        }
        if (!child.mediaType().equals(d.mediaType())) {
          throw new IntegrityException("index " + parent.digest() + " describes manifest " + d.digest() + " as "
              + d.mediaType() + " but that document's media type is " + child.mediaType());
        }
        if (child.size() != d.size()) {
          throw new IntegrityException("index " + parent.digest() + " describes manifest " + d.digest() + " as "
              + d.size() + " bytes but it is " + child.size());
        }
      }
    }
  }

  public Manifest get(Digest digest) {
    Manifest m = manifests.get(digest);
    if (m == null) {
      throw new IntegrityException("manifest " + digest + " is not in the bundle");
    }
    return m;
  }

  /**
   * 0 for an image manifest, else one more than the highest child the bundle carries: pushing in
   * ascending height puts every child in place before the index that names it.
   */
  public int height(Digest digest) {
    return height(digest, 0);
  }

  private int height(Digest digest, int depth) {
    Integer known = heights.get(digest);
    if (known != null) {
      return known;
    }
    if (depth > MAX_HEIGHT) {
      throw new IntegrityException("manifest " + digest + " nests indexes deeper than " + MAX_HEIGHT + " levels");
    }
    Manifest m = get(digest);
    int height = 0;
    if (m.isIndex()) {
      for (Descriptor d : m.summary().manifests()) {
        if (manifests.containsKey(d.digest())) {
          height = Math.max(height, height(d.digest(), depth + 1));
        }
      }
      height++;
    }
    heights.put(digest, height);
    return height;
  }
}
