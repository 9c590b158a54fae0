package dev.airgap.bundle.format.index;

import dev.airgap.bundle.format.Digest;
import java.util.Objects;

/**
 * A manifest, config or layer an image needs.
 *
 * @param kind what it is to the images that use it
 * @param location whether its bytes are in this bundle or expected on the target (deltas)
 */
public record BlobEntry(Digest digest, long size, String mediaType, Kind kind, Location location) {
  public enum Kind {
    manifest,
    config,
    layer
  }

  public enum Location {
    bundle,
    target
  }

  public BlobEntry {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    if (size < 0) {
      throw new IllegalArgumentException("blob " + digest + " has a negative size");
    }
  }
}
