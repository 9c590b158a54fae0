package dev.airgap.bundle.registry;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.TestManifest;

/** Pushes generated fixtures with our own client: blobs, then children by digest, then the tag. */
final class TestPushes {
  private TestPushes() {}

  static Manifest manifestOf(TestManifest m) {
    return Manifest.of(m.bytes(), m.mediaType());
  }

  static void push(RegistryClient client, String repository, String tag, TestManifest root) {
    for (Blob blob : root.allBlobs()) {
      client.pushBlob(repository, Digest.parse(blob.digest()), BodySource.ofBytes(blob.bytes()));
    }
    for (TestManifest m : root.allManifests()) {
      if (m != root) {
        client.pushManifest(repository, m.digest(), manifestOf(m));
      }
    }
    client.pushManifest(repository, tag, manifestOf(root));
  }
}
