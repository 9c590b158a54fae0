package dev.airgap.bundle.importer.report;

import static dev.airgap.bundle.importer.report.Fixtures.image;
import static dev.airgap.bundle.importer.report.Fixtures.imageFrom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceReportsTest {
  @TempDir Path dir;

  private static final List<ImportedImage> IMAGES = List.of(
      image("etcd", "coreos/etcd", "v3.5.9", "1.2.0"),
      image("etcd", "coreos/etcd", "v3.5.12", "1.3.0"),
      image("dns", "coredns/coredns", "1.11", "1.2.0", "1.3.0"),
      imageFrom("nginx", "registry-1.docker.io", "library/nginx", "1.27", "mirror/library/nginx", "1.3.0"));

  @Test
  void writesEveryReportWhenPathsArePreserved() throws IOException {
    Path out = dir.resolve("reports/quay-lab");

    ReportFiles files = ReferenceReports.write(out, "quay-lab", IMAGES, true);

    assertEquals(List.of(
        out.resolve("certs.d/docker.io/hosts.toml"),
        out.resolve("certs.d/quay.io/hosts.toml"),
        out.resolve("image-digest-mirror-set.yaml"),
        out.resolve("images.auto.tfvars"),
        out.resolve("images.json"),
        out.resolve("registries.conf.d/99-bundle-quay-lab.conf")), files.files());
    assertEquals(List.of(), files.notes());
    assertEquals(relative(out, files.files()), allFiles(out), "nothing else, no temp files");

    // Every file parses back in its own format.
    new ObjectMapper().readTree(out.resolve("images.json").toFile());
    new YAMLMapper().readTree(out.resolve("image-digest-mirror-set.yaml").toFile());
    new TomlMapper().readTree(out.resolve("registries.conf.d/99-bundle-quay-lab.conf").toFile());
    new TomlMapper().readTree(out.resolve("certs.d/quay.io/hosts.toml").toFile());
    HclMapParser.parse(Files.readString(out.resolve("images.auto.tfvars")));
  }

  @Test
  void withoutPreservedPathsContainerdIsSkippedWithANote() throws IOException {
    ReportFiles files = ReferenceReports.write(dir, "quay-lab", IMAGES, false);

    assertEquals(4, files.files().size());
    assertTrue(files.files().stream().noneMatch(p -> p.toString().contains("certs.d")));
    assertEquals(1, files.notes().size());
    String note = files.notes().get(0);
    assertTrue(note.contains("hosts.toml"), note);
    assertTrue(note.contains("image-digest-mirror-set.yaml and registries.conf.d/99-bundle-quay-lab.conf"), note);
    assertTrue(note.contains("still apply"), note);
  }

  @Test
  void outputIsDeterministicWhateverTheInputOrder() throws IOException {
    Map<String, byte[]> first = contents(ReferenceReports.write(dir.resolve("a"), "quay-lab", IMAGES, true),
        dir.resolve("a"));
    List<ImportedImage> shuffled = new ArrayList<>(IMAGES);
    Random random = new Random(7);
    for (int i = 0; i < 5; i++) {
      Collections.shuffle(shuffled, random);
      Path out = dir.resolve("b" + i);
      Map<String, byte[]> again = contents(ReferenceReports.write(out, "quay-lab", shuffled, true), out);
      assertEquals(first.keySet(), again.keySet());
      for (String name : first.keySet()) {
        assertArrayEquals(first.get(name), again.get(name), name);
      }
    }
  }

  @Test
  void rewritingReplacesFilesAndReportsStaleHostsFiles() throws IOException {
    ReferenceReports.write(dir, "quay-lab", IMAGES, true);
    List<ImportedImage> onlyQuay = IMAGES.subList(0, 3);

    ReportFiles second = ReferenceReports.write(dir, "quay-lab", onlyQuay, true);

    String json = Files.readString(dir.resolve("images.json"));
    assertTrue(!json.contains("nginx"), "replaced, not appended");
    assertEquals(1, second.notes().size());
    assertTrue(second.notes().get(0).startsWith(Path.of("certs.d", "docker.io", "hosts.toml") + " is left from"),
        second.notes().get(0));
    assertTrue(Files.exists(dir.resolve("certs.d/docker.io/hosts.toml")), "not ours to delete");
  }

  @Test
  void aFailedWriteLeavesNoTempFile() throws IOException {
    // A non-empty directory where images.json should go: the rename cannot replace it.
    Files.createDirectories(dir.resolve("images.json/occupied"));

    assertThrows(IOException.class, () -> ReferenceReports.write(dir, "quay-lab", IMAGES, true));

    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> temps = all.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
      assertEquals(List.of(), temps);
    }
  }

  @Test
  void utf8AndUnixLineEnds() throws IOException {
    List<ImportedImage> images = List.of(image("naïve-✓", "org/x", "1", "1.0.0"));
    ReportFiles files = ReferenceReports.write(dir, "quay-lab", images, true);
    for (Path p : files.files()) {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      assertTrue(!text.contains("\r") && text.endsWith("\n"), p.toString());
    }
    assertTrue(Files.readString(dir.resolve("images.json")).contains("\"naïve-✓\""));
    assertTrue(Files.readString(dir.resolve("images.auto.tfvars")).contains("\"naïve-✓\" = "));
  }

  @Test
  void customTfvarsVariable() throws IOException {
    ReferenceReports.write(dir, "quay-lab", IMAGES, true, new ReportOptions("tectonic_container_images"));
    String tfvars = Files.readString(dir.resolve("images.auto.tfvars"));
    assertEquals("tectonic_container_images", HclMapParser.parse(tfvars).variable());
  }

  @Test
  void targetNameMustBeSafeInAFileName() {
    for (String bad : new String[] {"../x", "a/b", "", ".hidden", "x".repeat(65)}) {
      assertThrows(IllegalArgumentException.class, () -> ReferenceReports.write(dir, bad, IMAGES, true), bad);
    }
  }

  private static List<String> relative(Path root, List<Path> files) {
    return files.stream().map(p -> root.relativize(p).toString()).sorted().toList();
  }

  private static List<String> allFiles(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  private static Map<String, byte[]> contents(ReportFiles files, Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    for (Path p : files.files()) {
      out.put(root.relativize(p).toString(), Files.readAllBytes(p));
    }
    return out;
  }
}
