package dev.airgap.bundle.format.receipt;

import dev.airgap.bundle.format.Documents;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airgap.bundle.format.Digest;
import java.util.List;
import java.util.Objects;

/**
 * {@code missing.json}: the blobs a delta bundle expected on the target but the target lacks,
 * with the images that need them, so {@code bundle export --repair missing.json} on the connected
 * side can build a bundle with exactly those blobs.
 */
public record MissingBlobs(int version, String target, String bundleId, List<Blob> blobs, List<Image> images) {
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  public MissingBlobs {
    if (version != VERSION) {
      throw new IllegalArgumentException("missing.json version " + version + " is not supported (expected " + VERSION + ")");
    }
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bundleId, "bundleId");
    blobs = List.copyOf(blobs);
    images = List.copyOf(images);
  }

  /** A blob the target lacks. */
  public record Blob(Digest digest, long size, String mediaType, List<String> repositories) {
    public Blob {
      Objects.requireNonNull(digest, "digest");
      repositories = List.copyOf(repositories);
    }
  }

  /**
   * An image that needs one of the missing blobs: where it comes from, pinned by the digest it has
   * there (for a filtered index, the upstream index's digest, since the filtered one is not upstream).
   */
  public record Image(String name, String source, Digest digest, List<String> releases) {
    public Image {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(digest, "digest");
      releases = List.copyOf(releases);
    }
  }

  public byte[] toJson() {
    try {
      return MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("missing.json could not be written", e);
    }
  }

  public static MissingBlobs parse(byte[] raw, String where) {
    if (raw.length > ReceiptJson.MAX_BYTES) {
      throw new IllegalArgumentException(Documents.tooLarge(where, ReceiptJson.MAX_BYTES));
    }
    try {
      return MAPPER.readValue(raw, MissingBlobs.class);
    } catch (java.io.IOException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalArgumentException(where + " is not a valid missing.json: " + cause.getMessage(), e);
    }
  }
}
