package dev.airgap.bundle.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.format.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filtered index is the upstream text minus the left-out descriptors, nothing else. */
class IndexFilterTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);

  private static String descriptor(String digest, String os, String arch, String annotations) {
    return "{ \"mediaType\": \"" + MediaTypes.OCI_MANIFEST + "\", \"digest\": \"" + digest + "\", \"size\": 10,"
        + annotations + " \"platform\": {\"os\": \"" + os + "\", \"architecture\": \"" + arch + "\"} }";
  }

  private static final String AMD = descriptor(A, "linux", "amd64", "");
  private static final String S390X = descriptor(B, "linux", "s390x", "");
  private static final String AMD_ATTESTATION = descriptor(C, "unknown", "unknown",
      " \"annotations\": {\"vnd.docker.reference.digest\": \"" + A + "\", \"vnd.docker.reference.type\": \"attestation-manifest\"},");

  private static final String UPSTREAM = "{\n  \"schemaVersion\" : 2,\n  \"manifests\" : [\n    " + AMD + ",\n    " + S390X
      + ",\n    " + AMD_ATTESTATION + "\n  ],\n  \"mediaType\" : \"" + MediaTypes.OCI_INDEX + "\",\n  \"annotations\": {\"x\": \"[1,2]\"}\n}\n";

  @Test
  void keepsTheSelectedPlatformAndItsAttestationAndEveryOtherByte() {
    Manifest upstream = Manifest.of(UPSTREAM.getBytes(StandardCharsets.UTF_8), null);
    List<Integer> kept = IndexFilter.kept(upstream.summary().manifests(), List.of(new Platform("linux", "amd64", null)));
    assertEquals(List.of(0, 2), kept);
    String filtered = new String(IndexFilter.filter(upstream.bytes(), kept), StandardCharsets.UTF_8);
    assertEquals("{\n  \"schemaVersion\" : 2,\n  \"manifests\" : [\n    " + AMD + ",\n    " + AMD_ATTESTATION
        + "\n  ],\n  \"mediaType\" : \"" + MediaTypes.OCI_INDEX + "\",\n  \"annotations\": {\"x\": \"[1,2]\"}\n}\n", filtered);
  }

  @Test
  void anAttestationWhosePlatformIsLeftOutGoesToo() {
    Manifest upstream = Manifest.of(UPSTREAM.getBytes(StandardCharsets.UTF_8), null);
    List<Integer> kept = IndexFilter.kept(upstream.summary().manifests(), List.of(new Platform("linux", "s390x", null)));
    assertEquals(List.of(1), kept);
    assertEquals("{\n  \"schemaVersion\" : 2,\n  \"manifests\" : [\n    " + S390X + "\n  ],\n  \"mediaType\" : \""
        + MediaTypes.OCI_INDEX + "\",\n  \"annotations\": {\"x\": \"[1,2]\"}\n}\n",
        new String(IndexFilter.filter(upstream.bytes(), kept), StandardCharsets.UTF_8));
  }

  @Test
  void noSelectionKeepsEveryChild() {
    Manifest upstream = Manifest.of(UPSTREAM.getBytes(StandardCharsets.UTF_8), null);
    assertEquals(List.of(0, 1, 2), IndexFilter.kept(upstream.summary().manifests(), List.of()));
  }
}
