package dev.airgap.bundle.format;

import java.util.Map;
import java.util.Objects;

/** An OCI content descriptor: what a manifest says about one blob or child manifest. */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Platform platform,
    String artifactType,
    Map<String, String> annotations) {
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IntegrityException("descriptor " + digest + " declares a negative size " + size);
    }
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, Map.of());
  }
}
