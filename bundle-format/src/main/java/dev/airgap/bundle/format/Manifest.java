package dev.airgap.bundle.format;

import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest or index exactly as it was received: the raw bytes are the manifest, and the digest
 * is computed from them. Nothing here re-serializes; the summary is a read-only view.
 */
public final class Manifest {
  private final byte[] bytes;
  private final String mediaType;
  private final Digest digest;
  private final ManifestSummary summary;

  private Manifest(byte[] bytes, ManifestSummary summary, Digest digest) {
    this.bytes = bytes;
    this.summary = summary;
    this.mediaType = summary.mediaType();
    this.digest = digest;
  }

  /**
   * Wraps raw bytes, checking them: JSON structure, media type agreement with {@code
   * contentType} (what the server or a descriptor claimed; may be null), and the size cap.
   */
  public static Manifest of(byte[] bytes, String contentType) {
    Objects.requireNonNull(bytes, "bytes");
    byte[] copy = bytes.clone();
    return new Manifest(copy, ManifestSummary.parse(copy, contentType), Digest.sha256(copy));
  }

  /** Like {@link #of} but also insists the bytes hash to {@code expected}. */
  public static Manifest verified(byte[] bytes, String contentType, Digest expected, String what) {
    byte[] copy = bytes.clone();
    Digest actual = Digest.fromHash(expected.algorithm(), expected.newHasher().digest(copy));
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(
          what + " has digest " + actual + " but " + expected + " was expected");
    }
    ManifestSummary summary = ManifestSummary.parse(copy, contentType);
    return new Manifest(copy, summary, expected.algorithm().equals("sha256") ? expected : Digest.sha256(copy));
  }

  /** A copy of the raw bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The sha256 digest of the raw bytes. */
  public Digest digest() {
    return digest;
  }

  public ManifestSummary summary() {
    return summary;
  }

  public boolean isIndex() {
    return summary.isIndex();
  }

  public Descriptor descriptor() {
    return Descriptor.of(mediaType, digest, bytes.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && Arrays.equals(m.bytes, bytes) && m.mediaType.equals(mediaType);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return mediaType + " " + digest + " (" + bytes.length + " bytes)";
  }
}
