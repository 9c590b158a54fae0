package dev.airgap.bundle.importer.report;

import static dev.airgap.bundle.importer.report.Fixtures.image;
import static dev.airgap.bundle.importer.report.Fixtures.imageFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistriesConfTest {
  private static final TomlMapper TOML = new TomlMapper();

  private static JsonNode render(List<ImportedImage> images) throws Exception {
    String text = RegistriesConf.render("quay-lab", MirrorMap.of(images));
    assertFalse(text.contains("\r"));
    return TOML.readTree(text);
  }

  @Test
  void oneRegistryTablePerSourceRepository() throws Exception {
    JsonNode registries = render(List.of(
        image("etcd", "coreos/etcd", "v3.5.9", "1.0.0"),
        image("etcd", "coreos/etcd", "v3.5.12", "2.0.0"),
        image("dns", "coredns/coredns", "1.11", "1.0.0"))).get("registry");

    assertEquals(2, registries.size());
    JsonNode etcd = registries.get(1);
    assertEquals("quay.io/coreos/etcd", etcd.get("prefix").asText());
    assertEquals("quay.io/coreos/etcd", etcd.get("location").asText());
    assertEquals(1, etcd.get("mirror").size());
    assertEquals("quay-lab.example.com/mirror/coreos/etcd", etcd.get("mirror").get(0).get("location").asText());
    assertEquals("digest-only", etcd.get("mirror").get(0).get("pull-from-mirror").asText());
    assertEquals("quay.io/coredns/coredns", registries.get(0).get("prefix").asText());
  }

  @Test
  void severalTargetsBecomeSeveralMirrorsInOrder() throws Exception {
    JsonNode mirrors = render(List.of(
        imageFrom("b", "quay.io", "org/app", "1", "z/app"),
        imageFrom("a", "quay.io", "org/app", "2", "a/app"))).get("registry").get(0).get("mirror");

    assertEquals(2, mirrors.size());
    assertEquals("quay-lab.example.com/a/app", mirrors.get(0).get("location").asText());
    assertEquals("quay-lab.example.com/z/app", mirrors.get(1).get("location").asText());
  }

  @Test
  void dockerHubPrefixesIncludeLibrary() throws Exception {
    JsonNode registries = render(List.of(
        imageFrom("nginx", "registry-1.docker.io", "library/nginx", "1.27", "mirror/library/nginx"),
        imageFrom("busybox", "docker.io", "busybox", "1.36", "mirror/busybox"))).get("registry");

    assertEquals("docker.io/library/busybox", registries.get(0).get("prefix").asText());
    assertEquals("docker.io/library/busybox", registries.get(0).get("location").asText());
    assertEquals("docker.io/library/nginx", registries.get(1).get("prefix").asText());
  }

  @Test
  void emptyImportIsAValidFile() throws Exception {
    JsonNode root = render(List.of());
    assertFalse(root.has("registry"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "q\"uote", "back\\slash", "nl\ncr\rtab\tbs\bff\f", "ctl\u0001del\u007f",
      "ünïcödé ✓ 𝄞", "'single'", "#hash"})
  void tomlStringsRoundTrip(String value) throws Exception {
    String text = "k = " + Toml.quote(value) + "\n[t." + Toml.quote(value) + "]\nx = 1\n";
    JsonNode root = TOML.readTree(text);
    assertEquals(value, root.get("k").asText());
    assertEquals(1, root.get("t").get(value).get("x").asInt());
  }
}
