package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.ImageEntry;
import dev.airgap.bundle.format.verify.CarriedManifests;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The manifests a verified index lists, read from the bundle and checked (see {@link
 * CarriedManifests}), so the blobs each image needs can be known before a layer byte is read.
 */
final class BundleManifests {
  private final CarriedManifests manifests;

  private BundleManifests(CarriedManifests manifests) {
    this.manifests = manifests;
  }

  static BundleManifests read(BundleArchive archive, BundleIndex index) throws IOException {
    return new BundleManifests(CarriedManifests.read(archive, index));
  }

  Manifest get(Digest digest) {
    return manifests.get(digest);
  }

  /** 0 for an image manifest, else above every child: push in ascending height. */
  int height(Digest digest) {
    return manifests.height(digest);
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
