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

/**
 * How the ledger is stored as an OCI 1.1 artifact: an image manifest with its own {@code
 * artifactType}, the two-byte empty config, and one layer holding the ledger JSON. Any OCI
 * registry keeps it, and tools such as oras can fetch it ({@code ledger.json} by its title).
 */
public final class LedgerArtifact {
  /** The tag that names the current ledger; it moves with every write. */
  public static final String TAG = "ledger";
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
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.put("artifactType", ARTIFACT_TYPE);
    ObjectNode config = root.putObject("config");
    config.put("mediaType", EMPTY_MEDIA_TYPE);
    config.put("digest", EMPTY_DIGEST.toString());
    config.put("size", EMPTY_CONFIG.length);
    ObjectNode layer = root.putArray("layers").addObject();
    layer.put("mediaType", LAYER_MEDIA_TYPE);
    layer.put("digest", ledgerDigest.toString());
    layer.put("size", ledgerSize);
    layer.putObject("annotations").put("org.opencontainers.image.title", TITLE);
    try {
      return Manifest.of(JSON.writeValueAsBytes(root), MediaTypes.OCI_MANIFEST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the ledger manifest could not be written", e);
    }
  }

  /**
   * The ledger layer of a manifest found under the ledger tag, after checking the manifest is a
   * ledger at all and has exactly the shape {@link #manifest} writes. {@code what} names the tag.
   */
  static Descriptor ledgerLayer(Manifest manifest, String what) {
    requireLedger(manifest, what);
    ManifestSummary summary = manifest.summary();
    Descriptor config = summary.config();
    if (config == null || !EMPTY_MEDIA_TYPE.equals(config.mediaType()) || !EMPTY_DIGEST.equals(config.digest())
        || config.size() != EMPTY_CONFIG.length) {
      throw new LedgerException(what + " is a malformed ledger: its config is not the empty descriptor ("
          + EMPTY_MEDIA_TYPE + ", " + EMPTY_DIGEST + ", 2 bytes)");
    }
    if (summary.layers().size() != 1) {
      throw new LedgerException(what + " is a malformed ledger: it has " + summary.layers().size()
          + " layers instead of one");
    }
    Descriptor layer = summary.layers().get(0);
    if (!LAYER_MEDIA_TYPE.equals(layer.mediaType())) {
      throw new LedgerException(what + " is a malformed ledger: its layer is " + layer.mediaType() + ", not "
          + LAYER_MEDIA_TYPE);
    }
    // Checked before downloading, so a hostile size never sizes a buffer or a wait.
    if (layer.size() > LedgerJson.MAX_BYTES) {
      throw new LedgerException(dev.airgap.bundle.format.Documents.tooLarge(
          what + " (a ledger of " + layer.size() + " bytes)", LedgerJson.MAX_BYTES));
    }
    return layer;
  }

  /**
   * Refuses a manifest that is not a ledger at all: someone else's content under the tag, which
   * this tool must neither read as a ledger nor overwrite.
   */
  static void requireLedger(Manifest manifest, String what) {
    ManifestSummary summary = manifest.summary();
    if (!MediaTypes.OCI_MANIFEST.equals(manifest.mediaType()) || !ARTIFACT_TYPE.equals(summary.artifactType())) {
      throw new LedgerException(what + " holds " + describe(summary) + ", not a bundle ledger ("
          + ARTIFACT_TYPE + "); it is someone else's content, so it is neither read nor overwritten: set the"
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
