package dev.airgap.bundle.importer.report;

import static dev.airgap.bundle.importer.report.Fixtures.image;
import static dev.airgap.bundle.importer.report.Fixtures.imageFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagesJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode render(List<ImportedImage> images) throws Exception {
    String text = ImagesJson.render("quay-lab", ReportEntries.of(images));
    assertTrue(text.endsWith("}\n"), "ends with one newline");
    assertFalse(text.contains("\r"), "no CR line ends");
    return JSON.readTree(text);
  }

  @Test
  void structure() throws Exception {
    ImportedImage etcd = new ImportedImage("etcd", "quay.io", "coreos/etcd", "v3.5.9",
        Fixtures.digest("etcd"), "quay-lab.example.com", "mirror/coreos/etcd",
        List.of("linux/arm64", "linux/amd64"), List.of("1.3.0", "1.2.0"));

    JsonNode root = render(List.of(etcd));

    assertEquals("quay-lab", root.get("target").asText());
    JsonNode e = root.get("images").get("etcd");
    assertEquals(etcd.pinnedReference(), e.get("digest").asText());
    assertEquals("quay-lab.example.com/mirror/coreos/etcd:v3.5.9", e.get("tag").asText());
    assertEquals("quay.io/coreos/etcd:v3.5.9", e.get("source").asText());
    assertEquals(List.of("linux/amd64", "linux/arm64"), strings(e.get("platforms")));
    assertEquals(List.of("1.2.0", "1.3.0"), strings(e.get("releases")));
    assertEquals(List.of("digest", "tag", "source", "platforms", "releases"), fieldNames(e));
  }

  @Test
  void digestOnlyImageHasNullTagAndDigestSource() throws Exception {
    ImportedImage img = new ImportedImage("pause", "registry.k8s.io", "pause", null, Fixtures.digest("pause"),
        "quay-lab.example.com", "mirror/pause", List.of(), List.of());

    JsonNode e = render(List.of(img)).get("images").get("pause");

    assertTrue(e.get("tag").isNull());
    assertEquals("registry.k8s.io/pause@" + img.digest(), e.get("source").asText());
    assertEquals(0, e.get("platforms").size());
  }

  @Test
  void keysAreSortedAndDuplicatesFollowTheRule() throws Exception {
    JsonNode images = render(List.of(
        image("zeta", "org/zeta", "1", "1.0.0"),
        image("etcd", "coreos/etcd", "old", "1.0.0"),
        image("alpha", "org/alpha", "1", "1.0.0"),
        image("etcd", "coreos/etcd", "new", "2.0.0"))).get("images");

    assertEquals(List.of("alpha", "etcd", "etcd@1.0.0", "zeta"), fieldNames(images));
    assertEquals("quay.io/coreos/etcd:new", images.get("etcd").get("source").asText());
    assertEquals("quay.io/coreos/etcd:old", images.get("etcd@1.0.0").get("source").asText());
  }

  @Test
  void dockerHubSourcesAreNormalised() throws Exception {
    JsonNode images = render(List.of(
        imageFrom("nginx", "registry-1.docker.io", "library/nginx", "1.27", "mirror/library/nginx", "1.0.0"),
        imageFrom("busybox", "index.docker.io", "busybox", "1.36", "mirror/busybox", "1.0.0"),
        imageFrom("app", "docker.io", "someorg/app", "2", "mirror/someorg/app", "1.0.0"))).get("images");

    assertEquals("docker.io/library/nginx:1.27", images.get("nginx").get("source").asText());
    assertEquals("docker.io/library/busybox:1.36", images.get("busybox").get("source").asText());
    assertEquals("docker.io/someorg/app:2", images.get("app").get("source").asText());
  }

  @Test
  void namesNeedingEscapesSurviveAsJson() throws Exception {
    JsonNode images = render(List.of(image("we\"ird\\name\n", "org/x", "1", "1.0.0"))).get("images");
    assertTrue(images.has("we\"ird\\name\n"));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
