package dev.airgap.bundle.importer.report;

import static dev.airgap.bundle.importer.report.Fixtures.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TfvarsTest {

  @Test
  void mapsEveryKeyToItsPinnedReferenceAndParsesBack() {
    List<ImportedImage> images = List.of(
        image("kube-apiserver", "k8s/kube-apiserver", "v1.30.1", "1.2.0"),
        image("etcd", "coreos/etcd", "v3.5.9", "1.2.0"),
        image("etcd", "coreos/etcd", "v3.5.12", "1.3.0"));
    List<ReportEntry> entries = ReportEntries.of(images);

    String text = Tfvars.render("quay-lab", "tectonic_container_images", entries);
    HclMapParser.Assignment parsed = HclMapParser.parse(text);

    assertEquals("tectonic_container_images", parsed.variable());
    Map<String, String> expected = new LinkedHashMap<>();
    for (ReportEntry e : entries) {
      expected.put(e.key(), e.pinned());
    }
    assertEquals(expected, parsed.map());
    assertEquals(List.of("etcd", "etcd@1.2.0", "kube-apiserver"), List.copyOf(parsed.map().keySet()));
    assertEquals(images.get(2).pinnedReference(), parsed.map().get("etcd"));
  }

  @Test
  void looksLikeTerraformFmtOutput() {
    String digest = Fixtures.digest("coreos/etcd:v3.5.9").toString();
    String text = Tfvars.render("quay-lab", "container_images",
        ReportEntries.of(List.of(image("etcd", "coreos/etcd", "v3.5.9", "1.2.0"),
            image("kube-apiserver", "k8s/kube-apiserver", "v1.30.1", "1.2.0"))));
    String apiDigest = Fixtures.digest("k8s/kube-apiserver:v1.30.1").toString();
    assertEquals("""
        # Written by bundle import for target quay-lab. Digest-pinned references on the target.
        container_images = {
          etcd           = "quay-lab.example.com/mirror/coreos/etcd@%s"
          kube-apiserver = "quay-lab.example.com/mirror/k8s/kube-apiserver@%s"
        }
        """.formatted(digest, apiDigest), text);
  }

  @Test
  void emptyImportGivesAnEmptyMap() {
    String text = Tfvars.render("quay-lab", "container_images", List.of());
    assertEquals(Map.of(), HclMapParser.parse(text).map());
  }

  @ParameterizedTest
  @ValueSource(strings = {"etcd", "kube-apiserver", "a_b", "A1"})
  void identifierKeysStayBare(String key) {
    assertEquals(key, Hcl.key(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"etcd@1.2.0", "1password", "_x", "-x", "a.b", "a b", "true", "false", "null", "for",
      "in", "if", "ключ", ""})
  void otherKeysAreQuoted(String key) {
    assertEquals(Hcl.quote(key), Hcl.key(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "plain", "with \"quotes\"", "back\\slash", "line\nbreak", "cr\rtab\t", "bell\u0007del\u007f",
      "${var.x}", "%{ if x }", "$${already}", "$$${triple}", "%%{x}", "$", "%", "ends with $", "$ {", "a$b%c",
      "ünïcödé ✓ 𝄞"})
  void valuesRoundTripThroughQuoting(String value) {
    String text = "v = {\n  " + Hcl.key("k") + " = " + Hcl.quote(value) + "\n  " + Hcl.quote(value) + " = \"x\"\n}\n";
    Map<String, String> map = HclMapParser.parse(text).map();
    assertEquals(value, map.get("k"));
    assertEquals("x", map.get(value));
  }

  @Test
  void templateSequencesAreEscapedTheHclWay() {
    assertEquals("\"$${var.x} %%{if}\"", Hcl.quote("${var.x} %{if}"));
    assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Hcl.quote("a\"b\\c\nd\u0001"));
  }

  @Test
  void parserRejectsAnUnescapedInterpolation() {
    assertThrows(IllegalArgumentException.class, () -> HclMapParser.parse("v = {\n  k = \"${x}\"\n}\n"));
  }

  @Test
  void variableNameIsValidated() {
    assertEquals("container_images", ReportOptions.defaults().tfvarsVariable());
    assertThrows(IllegalArgumentException.class, () -> new ReportOptions("1images"));
    assertThrows(IllegalArgumentException.class, () -> new ReportOptions("images = {}\nx"));
    assertThrows(IllegalArgumentException.class, () -> new ReportOptions(""));
  }

  @Test
  void quotedKeysCountTowardsTheAlignment() {
    String text = Tfvars.render("t", "v", ReportEntries.of(List.of(
        image("etcd", "coreos/etcd", "a", "1.0.0"), image("etcd", "coreos/etcd", "b", "2.0.0"))));
    assertTrue(text.contains("\n  etcd         = "), text);
    assertTrue(text.contains("\n  \"etcd@1.0.0\" = "), text);
  }
}
