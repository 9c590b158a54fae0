package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.index.BlobEntry;

/** A config or layer some image needs, and one place it can be fetched from. */
record BlobNeed(Digest digest, long size, String mediaType, BlobEntry.Kind kind, String host, String repository) {
  Descriptor descriptor() {
    return Descriptor.of(mediaType, digest, size);
  }
}
