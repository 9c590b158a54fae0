package dev.airgap.bundle.importer.report;

import static dev.airgap.bundle.importer.report.Fixtures.image;
import static dev.airgap.bundle.importer.report.Fixtures.imageFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestMirrorSetTest {
  private static final ObjectMapper YAML = new YAMLMapper();
  /** Kubernetes' DNS-1123 subdomain, which cluster-scoped object names must match. */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static JsonNode render(String target, List<ImportedImage> images) throws Exception {
    String text = DigestMirrorSet.render(target, MirrorMap.of(images));
    assertFalse(text.contains("\r"));
    return YAML.readTree(text);
  }

  @Test
  void oneEntryPerSourceRepository() throws Exception {
    JsonNode root = render("quay-lab", List.of(
        image("etcd", "coreos/etcd", "v3.5.9", "1.0.0"),
        image("etcd", "coreos/etcd", "v3.5.12", "2.0.0"),
        image("dns", "coredns/coredns", "1.11", "1.0.0")));

    assertEquals("config.openshift.io/v1", root.get("apiVersion").asText());
    assertEquals("ImageDigestMirrorSet", root.get("kind").asText());
    assertEquals("bundle-quay-lab", root.get("metadata").get("name").asText());
    JsonNode entries = root.get("spec").get("imageDigestMirrors");
    assertEquals(2, entries.size());
    assertEquals("quay.io/coredns/coredns", entries.get(0).get("source").asText());
    assertEquals(List.of("quay-lab.example.com/mirror/coredns/coredns"), strings(entries.get(0).get("mirrors")));
    assertEquals("quay.io/coreos/etcd", entries.get(1).get("source").asText());
    assertEquals(List.of("quay-lab.example.com/mirror/coreos/etcd"), strings(entries.get(1).get("mirrors")));
    assertFalse(entries.get(1).has("mirrorSourcePolicy"), "left to the cluster default");
  }

  @Test
  void aSourceImportedToSeveralRepositoriesGetsSeveralSortedMirrors() throws Exception {
    JsonNode entries = render("t", List.of(
        imageFrom("b", "quay.io", "org/app", "1", "z/app"),
        imageFrom("a", "quay.io", "org/app", "2", "a/app"))).get("spec").get("imageDigestMirrors");

    assertEquals(1, entries.size());
    assertEquals(List.of("quay-lab.example.com/a/app", "quay-lab.example.com/z/app"),
        strings(entries.get(0).get("mirrors")));
  }

  @Test
  void dockerHubSourcesUseDockerIo() throws Exception {
    JsonNode entries = render("t", List.of(
        imageFrom("nginx", "registry-1.docker.io", "library/nginx", "1.27", "mirror/library/nginx"),
        imageFrom("busybox", "index.docker.io", "busybox", "1.36", "mirror/busybox"))).get("spec")
        .get("imageDigestMirrors");

    assertEquals("docker.io/library/busybox", entries.get(0).get("source").asText());
    assertEquals("docker.io/library/nginx", entries.get(1).get("source").asText());
  }

  @Test
  void sourcesWithPortsAndNumberLikeStringsStayStrings() throws Exception {
    JsonNode entry = render("1.10", List.of(
        imageFrom("x", "registry.local:5000", "team/x", "1", "mirror/team/x"))).get("spec").get("imageDigestMirrors")
        .get(0);

    assertEquals("registry.local:5000/team/x", entry.get("source").asText());
    assertTrue(entry.get("source").isTextual());
  }

  @Test
  void emptyImportIsStillAValidObject() throws Exception {
    JsonNode root = render("t", List.of());
    assertEquals(0, root.get("spec").get("imageDigestMirrors").size());
  }

  @ParameterizedTest
  @CsvSource({"quay-lab,bundle-quay-lab", "Quay_Lab.2,bundle-quay-lab-2", "lab-,bundle-lab", "a..b,bundle-a-b",
      "X,bundle-x"})
  void objectNameIsADnsSubdomain(String target, String expected) {
    String name = DigestMirrorSet.objectName(target);
    assertEquals(expected, name);
    assertTrue(DNS_SUBDOMAIN.matcher(name).matches(), name);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
