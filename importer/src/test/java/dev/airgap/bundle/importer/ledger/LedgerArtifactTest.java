package dev.airgap.bundle.importer.ledger;

import static dev.airgap.bundle.importer.ledger.Bundles.digest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.MediaTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ledger's manifest: the shape written, and every other shape refused on reading. */
class LedgerArtifactTest {
  private static final String WHAT = "the ledger h/r:ledger";
  private static final String EMPTY = "{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
      + LedgerArtifact.EMPTY_DIGEST + "\",\"size\":2}";

  @Test
  void theWrittenManifestIsAnOciArtifactWithTheEmptyConfigAndOneLayer() {
    Manifest manifest = LedgerArtifact.manifest(digest("ledger"), 1234);
    assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
    assertEquals("application/vnd.airgap.bundle.ledger.v1+json", manifest.summary().artifactType());
    assertEquals(Digest.parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
        LedgerArtifact.EMPTY_DIGEST, "the OCI empty descriptor's well-known digest");
    assertEquals(Descriptor.of(LedgerArtifact.EMPTY_MEDIA_TYPE, LedgerArtifact.EMPTY_DIGEST, 2),
        manifest.summary().config());
    Descriptor layer = LedgerArtifact.ledgerLayer(manifest, WHAT);
    assertEquals(LedgerArtifact.LAYER_MEDIA_TYPE, layer.mediaType());
    assertEquals(digest("ledger"), layer.digest());
    assertEquals(1234, layer.size());
    assertEquals("ledger.json", layer.annotations().get("org.opencontainers.image.title"));
    assertArrayEquals(manifest.bytes(), LedgerArtifact.manifest(digest("ledger"), 1234).bytes(), "deterministic");
  }

  @Test
  void someoneElsesContentIsRefusedAsSuch() {
    assertForeign(manifest("application/vnd.example.sbom+json", EMPTY, layer(LedgerArtifact.LAYER_MEDIA_TYPE, 10)),
        "holds an artifact of type application/vnd.example.sbom+json, not a bundle ledger");
    assertForeign("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest("c") + "\",\"size\":5},\"layers\":[]}",
        "holds an image whose config is application/vnd.oci.image.config.v1+json, not a bundle ledger");
    assertForeign("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}",
        "holds an image index, not a bundle ledger");
    LedgerException e = assertThrows(LedgerException.class,
        () -> LedgerArtifact.ledgerLayer(Manifest.of(bytes(manifest("x/y", EMPTY, "")), null), WHAT));
    assertTrue(e.getMessage().contains("set the target's \"ledger\" key to another repository"), e.getMessage());
  }

  @Test
  void aLedgerOfTheWrongShapeIsMalformed() {
    String ledgerLayer = layer(LedgerArtifact.LAYER_MEDIA_TYPE, 10);
    assertMalformed(manifest(LedgerArtifact.ARTIFACT_TYPE, "{\"mediaType\":\"application/json\",\"digest\":\""
        + digest("c") + "\",\"size\":2}", ledgerLayer), "its config is not the empty descriptor");
    assertMalformed(manifest(LedgerArtifact.ARTIFACT_TYPE, EMPTY, ""), "it has 0 layers instead of one");
    assertMalformed(manifest(LedgerArtifact.ARTIFACT_TYPE, EMPTY, ledgerLayer + "," + ledgerLayer),
        "it has 2 layers instead of one");
    assertMalformed(manifest(LedgerArtifact.ARTIFACT_TYPE, EMPTY, layer("application/json", 10)),
        "its layer is application/json, not application/vnd.airgap.bundle.ledger.v1+json");
  }

  @Test
  void anOversizedLedgerIsRefusedBeforeItIsFetched() {
    String huge = layer(LedgerArtifact.LAYER_MEDIA_TYPE, LedgerJson.MAX_BYTES + 1L);
    assertMalformed(manifest(LedgerArtifact.ARTIFACT_TYPE, EMPTY, huge),
        "(a ledger of 4194305 bytes) is larger than 4 MiB (4194304 bytes), the limit for this document");
  }

  private static void assertForeign(String json, String expected) {
    LedgerException e = assertThrows(LedgerException.class,
        () -> LedgerArtifact.ledgerLayer(Manifest.of(bytes(json), null), WHAT));
    assertTrue(e.getMessage().startsWith(WHAT + " " + expected), e.getMessage());
    assertTrue(e.getMessage().contains("someone else's content"), e.getMessage());
  }

  private static void assertMalformed(String json, String expected) {
    LedgerException e = assertThrows(LedgerException.class,
        () -> LedgerArtifact.ledgerLayer(Manifest.of(bytes(json), null), WHAT));
    assertTrue(e.getMessage().startsWith(WHAT), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static String manifest(String artifactType, String config, String layers) {
    return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\""
        + artifactType + "\",\"config\":" + config + ",\"layers\":[" + layers + "]}";
  }

  private static String layer(String mediaType, long size) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest("l") + "\",\"size\":" + size + "}";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
