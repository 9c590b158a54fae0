package dev.airgap.bundle.importer.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.format.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the ledger is stored as an OCI 1.1 artifact: an image manifest with its own {@code
 * artifactType}, the two-byte empty config, and one layer holding the ledger JSON. Any OCI
 * registry keeps it, and tools such as oras can fetch it ({@code ledger.json} by its title).
 */
public final class LedgerArtifact {
  /** The tag that names the current ledger; it moves with every write. */
  public static final String TAG = "ledger";
  /**
   * The tag of the ledger's backup copy, written with every ledger and read when the ledger tag
   * is gone, so deleting one tag does not reset rollback protection.
   */
  public static final String BACKUP_TAG = "ledger-backup";
  /** The manifest annotation that tells the backup copy's manifest from the ledger's. */
  static final String COPY_ANNOTATION = "dev.airgap.bundle.ledger.copy";
  public static final String ARTIFACT_TYPE = "application/vnd.airgap.bundle.ledger.v1+json";
  /** The layer's media type: the same as the artifact's, since the layer is the ledger. */
  public static final String LAYER_MEDIA_TYPE = ARTIFACT_TYPE;
  public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
  static final String TITLE = "ledger.json";

  private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.US_ASCII);
  static final Digest EMPTY_DIGEST = Digest.sha256(EMPTY_CONFIG);
  private static final ObjectMapper JSON = new ObjectMapper();

  private LedgerArtifact() {}

  /** The empty config's bytes, {@code {}}. */
  static byte[] emptyConfig() {
    return EMPTY_CONFIG.clone();
  }

  /** The manifest for a ledger blob; the same blob always gives the same manifest bytes. */
  static Manifest manifest(Digest ledgerDigest, long ledgerSize) {
    return artifact(ARTIFACT_TYPE, ledgerDigest, ledgerSize, TITLE, Map.of());
  }

  /**
   * The manifest of the ledger's backup copy: the same blob, but an annotation makes its digest
   * differ, so deleting the ledger manifest by digest (the only way a registry removes a tag)
   * leaves the backup in place.
   */
  static Manifest backupManifest(Digest ledgerDigest, long ledgerSize) {
    return artifact(ARTIFACT_TYPE, ledgerDigest, ledgerSize, TITLE, Map.of(COPY_ANNOTATION, "backup"));
  }

  /**
   * An OCI 1.1 artifact of {@code artifactType}: the empty config and one layer of the same media
   * type holding the document, titled {@code title}.
   */
  static Manifest artifact(String artifactType, Digest layerDigest, long layerSize, String title,
      Map<String, String> annotations) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.put("artifactType", artifactType);
    ObjectNode config = root.putObject("config");
    config.put("mediaType", EMPTY_MEDIA_TYPE);
    config.put("digest", EMPTY_DIGEST.toString());
    config.put("size", EMPTY_CONFIG.length);
    ObjectNode layer = root.putArray("layers").addObject();
    layer.put("mediaType", artifactType);
    layer.put("digest", layerDigest.toString());
    layer.put("size", layerSize);
    layer.putObject("annotations").put("org.opencontainers.image.title", title);
    if (!annotations.isEmpty()) {
      ObjectNode notes = root.putObject("annotations");
      new TreeMap<>(annotations).forEach(notes::put);
    }
    try {
      return Manifest.of(JSON.writeValueAsBytes(root), MediaTypes.OCI_MANIFEST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the " + title + " manifest could not be written", e);
    }
  }

  /**
   * The ledger layer of a manifest found under the ledger tag, after checking the manifest is a
   * ledger at all and has exactly the shape {@link #manifest} writes. {@code what} names the tag.
   */
  static Descriptor ledgerLayer(Manifest manifest, String what) {
    return documentLayer(manifest, what, ARTIFACT_TYPE, LedgerJson.MAX_BYTES, "ledger");
  }

  /** The one layer of an artifact {@link #artifact} wrote, its shape and declared size checked. */
  static Descriptor documentLayer(Manifest manifest, String what, String artifactType, long maxBytes, String kind) {
    requireArtifact(manifest, what, artifactType, kind);
    ManifestSummary summary = manifest.summary();
    Descriptor config = summary.config();
    if (config == null || !EMPTY_MEDIA_TYPE.equals(config.mediaType()) || !EMPTY_DIGEST.equals(config.digest())
        || config.size() != EMPTY_CONFIG.length) {
      throw new LedgerException(what + " is a malformed " + kind + ": its config is not the empty descriptor ("
          + EMPTY_MEDIA_TYPE + ", " + EMPTY_DIGEST + ", 2 bytes)");
    }
    if (summary.layers().size() != 1) {
      throw new LedgerException(what + " is a malformed " + kind + ": it has " + summary.layers().size()
          + " layers instead of one");
    }
    Descriptor layer = summary.layers().get(0);
    if (!artifactType.equals(layer.mediaType())) {
      throw new LedgerException(what + " is a malformed " + kind + ": its layer is " + layer.mediaType() + ", not "
          + artifactType);
    }
    // Checked before downloading, so a hostile size never sizes a buffer or a wait.
    if (layer.size() > maxBytes) {
      throw new LedgerException(dev.airgap.bundle.format.Documents.tooLarge(
          what + " (a " + kind + " of " + layer.size() + " bytes)", maxBytes));
    }
    return layer;
  }

  /**
   * Refuses a manifest that is not a ledger at all: someone else's content under the tag, which
   * this tool must neither read as a ledger nor overwrite.
   */
  static void requireLedger(Manifest manifest, String what) {
    requireArtifact(manifest, what, ARTIFACT_TYPE, "ledger");
  }

  static void requireArtifact(Manifest manifest, String what, String artifactType, String kind) {
    ManifestSummary summary = manifest.summary();
    if (!MediaTypes.OCI_MANIFEST.equals(manifest.mediaType()) || !artifactType.equals(summary.artifactType())) {
      throw new LedgerException(what + " holds " + describe(summary) + ", not a bundle " + kind + " ("
          + artifactType + "); it is someone else's content, so it is neither read nor overwritten: set the"
          + " target's \"ledger\" key to another repository, or remove that tag if nobody needs it");
    }
  }

  private static String describe(ManifestSummary summary) {
    if (summary.isIndex()) {
      return "an image index";
    }
    if (summary.artifactType() != null) {
      return "an artifact of type " + summary.artifactType();
    }
    return summary.config() == null
        ? "a " + summary.mediaType() + " manifest"
        : "an image whose config is " + summary.config().mediaType();
  }
}
