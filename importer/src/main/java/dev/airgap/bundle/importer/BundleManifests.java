package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.ImageEntry;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The manifests a verified index lists, read from the bundle and checked against their digests,
 * so the blobs each image needs can be known before a layer byte is read.
 */
final class BundleManifests {
  private final Map<Digest, Manifest> manifests;

  private BundleManifests(Map<Digest, Manifest> manifests) {
    this.manifests = manifests;
  }

  static BundleManifests read(BundleArchive archive, BundleIndex index) throws IOException {
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
    return new BundleManifests(out);
  }

  Manifest get(Digest digest) {
    Manifest m = manifests.get(digest);
    if (m == null) {
      throw new IntegrityException("manifest " + digest + " is not in the bundle");
    }
    return m;
  }

  /** Configs and layers of every image manifest the image carries, each once. */
  Set<Digest> blobsOf(ImageEntry image) {
    Set<Digest> out = new LinkedHashSet<>();
    for (Digest d : image.manifests()) {
      Manifest m = get(d);
      if (m.isIndex()) {
        continue;
      }
      ManifestSummary s = m.summary();
      if (s.config() != null) {
        out.add(s.config().digest());
      }
      for (Descriptor layer : s.layers()) {
        out.add(layer.digest());
      }
    }
    return out;
  }
}
