package dev.airgap.bundle.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a manifest or index says, read from its raw bytes without ever replacing them.
 *
 * <p>The raw bytes stay the only thing that is stored or pushed; this summary exists to find
 * children and blobs and to decide the media type unambiguously. Parsing is strict: duplicate keys,
 * a document with both {@code manifests} and {@code layers}, a {@code mediaType} that disagrees
 * with what the server said, and Docker schema 1 are all rejected.
 */
public record ManifestSummary(
    String mediaType,
    String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Descriptor subject,
    Map<String, String> annotations) {

  /** Manifests larger than this are refused before they are read. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  public ManifestSummary {
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
    annotations = Map.copyOf(annotations);
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  /**
   * Parses {@code bytes}; {@code contentType} is what the server or descriptor claimed (may be
   * null or generic), and the result's media type is the one both agree on.
   */
  public static ManifestSummary parse(byte[] bytes, String contentType) {
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new IntegrityException(
          "manifest of "
              + bytes.length
              + " bytes exceeds the "
              + MAX_MANIFEST_BYTES
              + "-byte limit for manifests");
    }
    JsonNode root;
    try {
      root = STRICT.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IntegrityException("manifest is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IntegrityException("manifest could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IntegrityException("manifest is not a JSON object");
    }
    String declared = text(root, "mediaType");
    String claimed = MediaTypes.essence(contentType);
    int schemaVersion = root.path("schemaVersion").asInt(-1);
    if (schemaVersion == 1
        || MediaTypes.isSchema1(declared)
        || MediaTypes.isSchema1(claimed)) {
      throw new UnsupportedManifestException(
          "it is a Docker schema 1 manifest, an obsolete format that cannot be carried"
              + " byte-exactly; re-push the image with a current client (for example"
              + " `skopeo copy --format v2s2`)");
    }
    boolean hasManifests = root.has("manifests");
    boolean hasLayers = root.has("layers") || root.has("config");
    if (hasManifests && hasLayers) {
      throw new IntegrityException(
          "manifest is ambiguous: it has both `manifests` and `layers`/`config`");
    }
    String mediaType = decideMediaType(declared, claimed, hasManifests);
    if (MediaTypes.isIndex(mediaType) == hasLayers && (hasLayers || hasManifests)) {
      throw new IntegrityException(
          "manifest content does not match its media type " + mediaType);
    }
    return new ManifestSummary(
        mediaType,
        text(root, "artifactType"),
        root.has("config") ? descriptor(root.get("config"), "config") : null,
        descriptors(root.get("layers"), "layers"),
        descriptors(root.get("manifests"), "manifests"),
        root.has("subject") ? descriptor(root.get("subject"), "subject") : null,
        stringMap(root.get("annotations")));
  }

  private static String decideMediaType(String declared, String claimed, boolean hasManifests) {
    boolean claimedSpecific = MediaTypes.isAccepted(claimed);
    if (declared != null) {
      if (!MediaTypes.isAccepted(declared)) {
        throw new UnsupportedManifestException("its media type " + declared + " is not supported");
      }
      if (claimedSpecific && !claimed.equals(declared)) {
        throw new IntegrityException(
            "manifest says its media type is " + declared + " but it was served as " + claimed);
      }
      return declared;
    }
    if (claimedSpecific) {
      return claimed;
    }
    // Neither side named a type (OCI allows omitting mediaType): infer it from the shape.
    return hasManifests ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
  }

  private static List<Descriptor> descriptors(JsonNode array, String field) {
    List<Descriptor> out = new ArrayList<>();
    if (array == null || array.isNull()) {
      return out;
    }
    if (!array.isArray()) {
      throw new IntegrityException("manifest field `" + field + "` is not an array");
    }
    for (JsonNode node : array) {
      out.add(descriptor(node, field));
    }
    return out;
  }

  private static Descriptor descriptor(JsonNode node, String field) {
    if (!node.isObject()) {
      throw new IntegrityException("manifest field `" + field + "` holds a non-object descriptor");
    }
    String mediaType = text(node, "mediaType");
    String digest = text(node, "digest");
    JsonNode size = node.get("size");
    if (mediaType == null || digest == null || size == null || !size.canConvertToLong()) {
      throw new IntegrityException(
          "a descriptor in `" + field + "` lacks mediaType, digest or an integer size");
    }
    Platform platform = null;
    JsonNode p = node.get("platform");
    if (p != null && p.isObject()) {
      platform =
          new Platform(
              p.path("os").asText(""), p.path("architecture").asText(""), text(p, "variant"));
    }
    return new Descriptor(
        mediaType,
        Digest.parse(digest),
        size.asLong(),
        platform,
        text(node, "artifactType"),
        stringMap(node.get("annotations")));
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
