package dev.airgap.bundle.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestSummaryTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);

  private static byte[] json(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsAnArtifactManifestWithUnknownTypes() {
    byte[] bytes = json("{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json',"
        + "'artifactType':'application/vnd.example.thing','config':{'mediaType':'application/vnd.example.cfg','digest':'" + D1 + "','size':2},"
        + "'layers':[{'mediaType':'application/x-anything','digest':'" + D2 + "','size':7}],"
        + "'subject':{'mediaType':'application/vnd.oci.image.manifest.v1+json','digest':'" + D1 + "','size':9},"
        + "'annotations':{'a':'b'}}");
    ManifestSummary s = ManifestSummary.parse(bytes, "application/vnd.oci.image.manifest.v1+json");
    assertEquals("application/vnd.example.thing", s.artifactType());
    assertEquals(D2, s.layers().get(0).digest().toString());
    assertEquals(D1, s.subject().digest().toString());
    assertEquals("b", s.annotations().get("a"));
  }

  @Test
  void infersTypeWhenServedGenerically() {
    byte[] bytes = json("{'schemaVersion':2,'manifests':[{'mediaType':'application/vnd.oci.image.manifest.v1+json','digest':'" + D1 + "','size':3,'platform':{'os':'linux','architecture':'arm64','variant':'v8'}}]}");
    ManifestSummary s = ManifestSummary.parse(bytes, "application/json");
    assertEquals(MediaTypes.OCI_INDEX, s.mediaType());
    assertEquals("linux/arm64/v8", s.manifests().get(0).platform().toString());
  }

  @Test
  void rejectsSchema1() {
    byte[] bytes = json("{'schemaVersion':1,'name':'x','tag':'y','fsLayers':[]}");
    var e = assertThrows(UnsupportedManifestException.class, () -> ManifestSummary.parse(bytes, null));
    assertTrue(e.getMessage().contains("schema 1"), e.getMessage());
  }

  @Test
  void rejectsDuplicateKeys() {
    byte[] bytes = json("{'schemaVersion':2,'schemaVersion':2,'layers':[]}");
    var e = assertThrows(IntegrityException.class, () -> ManifestSummary.parse(bytes, null));
    assertTrue(e.getMessage().contains("Duplicate field"), e.getMessage());
  }

  @Test
  void rejectsManifestsAndLayersTogether() {
    byte[] bytes = json("{'schemaVersion':2,'manifests':[],'layers':[]}");
    var e = assertThrows(IntegrityException.class, () -> ManifestSummary.parse(bytes, null));
    assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
  }

  @Test
  void rejectsMediaTypeThatDisagreesWithServer() {
    byte[] bytes = json("{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json','layers':[]}");
    var e = assertThrows(IntegrityException.class,
        () -> ManifestSummary.parse(bytes, "application/vnd.docker.distribution.manifest.v2+json"));
    assertTrue(e.getMessage().contains("served as"), e.getMessage());
  }

  @Test
  void rejectsOversize() {
    byte[] bytes = new byte[ManifestSummary.MAX_MANIFEST_BYTES + 1];
    var e = assertThrows(IntegrityException.class, () -> ManifestSummary.parse(bytes, null));
    assertTrue(e.getMessage().contains("limit"), e.getMessage());
  }

  @Test
  void rejectsMalformedChildDigest() {
    byte[] bytes = json("{'schemaVersion':2,'manifests':[{'mediaType':'x','digest':'sha256:../etc','size':1}]}");
    assertThrows(InvalidDigestException.class, () -> ManifestSummary.parse(bytes, null));
  }

  @Test
  void manifestKeepsRawBytes() {
    byte[] bytes = json("{ 'schemaVersion' :\t2 ,\r\n 'layers':[] , 'config':{'mediaType':'a','digest':'" + D1 + "','size':1}}\n");
    Manifest m = Manifest.of(bytes, MediaTypes.DOCKER_MANIFEST);
    assertEquals(Digest.sha256(bytes), m.digest());
    assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
    assertEquals(new String(bytes, StandardCharsets.UTF_8), new String(m.bytes(), StandardCharsets.UTF_8));
  }
}
