package dev.airgap.bundle.exporter.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseCatalogTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final String CATALOG = """
      releases:
        - version: 1.0.0
          images:
            etcd: quay.io/coreos/etcd:v3.1.6
            node-agent: quay.io/coreos/node-agent@%s
        - version: 1.2.0
          images:
            zeta: quay.io/coreos/zeta:1
            etcd: quay.io/coreos/etcd:v3.2.0
            alpha: quay.io/coreos/alpha:1
        - version: 1.1.0-rc.1
          images: {etcd: "quay.io/coreos/etcd:v3.1.7"}
        - version: 1.1.0
          images: {etcd: "quay.io/coreos/etcd:v3.1.8"}
        - version: 1.10
          images: {etcd: "quay.io/coreos/etcd:v3.3.0"}
      """.formatted(DIGEST);

  @TempDir Path dir;

  @Test
  void parsesReleasesAndKeepsImageOrder() {
    ReleaseCatalog catalog = ReleaseCatalog.parse("releases.yaml", CATALOG);
    assertEquals(List.of("1.0.0", "1.2.0", "1.1.0-rc.1", "1.1.0", "1.10"),
        catalog.releases().stream().map(r -> r.version().toString()).toList(), "file order");
    Release first = catalog.releases().get(0);
    assertEquals(List.of("etcd", "node-agent"), first.images().stream().map(NamedImage::name).toList());
    ImageRef etcd = first.image("etcd").orElseThrow().reference();
    assertEquals("quay.io", etcd.registry());
    assertEquals("coreos/etcd", etcd.repository());
    assertEquals("v3.1.6", etcd.tag());
    assertEquals(DIGEST, first.image("node-agent").orElseThrow().reference().digest().toString());
    assertEquals(List.of("zeta", "etcd", "alpha"),
        catalog.releases().get(1).images().stream().map(NamedImage::name).toList(), "not sorted");
  }

  @Test
  void unquotedVersionsKeepTheirText() {
    ReleaseCatalog catalog = ReleaseCatalog.parse("r.yaml", CATALOG);
    // YAML would read 1.10 as the number 1.1; the catalog reads what was written.
    assertEquals("1.10", catalog.versions().get(catalog.versions().size() - 1).toString());
    ReleaseCatalog ints = ReleaseCatalog.parse("r.yaml", "releases:\n  - {version: 2, images: {a: a.io/a:1}}\n");
    assertEquals("2", ints.releases().get(0).version().toString());
  }

  @Test
  void selectsInVersionOrder() {
    ReleaseCatalog catalog = ReleaseCatalog.parse("r.yaml", CATALOG);
    assertEquals(List.of("1.0.0", "1.1.0-rc.1", "1.1.0", "1.2.0", "1.10"), versions(catalog.select(ReleaseSelector.parse("1.x"), false)));
    assertEquals(List.of("1.1.0-rc.1", "1.1.0"), versions(catalog.select(ReleaseSelector.parse("1.1.x"), false)));
    assertEquals(List.of("1.1.0", "1.2.0"), versions(catalog.select(ReleaseSelector.parse(">=1.1 <1.3"), false)));
    assertEquals(List.of("1.0.0", "1.10"), versions(catalog.select(ReleaseSelector.parse("1.10, 1.0"), false)));
    assertEquals(List.of("1.2.0"), versions(catalog.select(ReleaseSelector.parse("1.2"), false)));
  }

  @Test
  void latestKeepsOnlyTheHighestMatch() {
    ReleaseCatalog catalog = ReleaseCatalog.parse("r.yaml", CATALOG);
    assertEquals(List.of("1.10"), versions(catalog.select(ReleaseSelector.parse("x"), true)));
    assertEquals(List.of("1.1.0"), versions(catalog.select(ReleaseSelector.parse("1.1.x"), true)), "the release beats its rc");
    assertEquals(List.of("1.2.0"), versions(catalog.select(ReleaseSelector.parse("<1.3, 1.0"), true)));
    assertEquals(List.of("1.1.0-rc.1"), versions(catalog.select(ReleaseSelector.parse("<1.1"), true)));
  }

  @Test
  void noMatchListsTheVersionsThatExist() {
    ReleaseCatalog catalog = ReleaseCatalog.parse("releases.yaml", CATALOG);
    CatalogException e = assertThrows(CatalogException.class, () -> catalog.select(ReleaseSelector.parse("2.x"), false));
    assertEquals("releases.yaml: no release matches '2.x'; the catalog has versions 1.0.0, 1.1.0-rc.1, 1.1.0, 1.2.0, 1.10",
        e.getMessage());
    assertThrows(CatalogException.class, () -> catalog.select(ReleaseSelector.parse("1.3"), true));
  }

  @Test
  void loadsFromAFileAndLocatesTheDefault() throws Exception {
    Path file = Files.writeString(dir.resolve("releases.yaml"), CATALOG);
    assertEquals(file, ReleaseCatalog.locate(null, dir));
    assertEquals(file, ReleaseCatalog.locate(Path.of("releases.yaml"), dir));
    ReleaseCatalog catalog = ReleaseCatalog.load(file);
    assertEquals(file.toString(), catalog.source());
    assertEquals(5, catalog.releases().size());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    CatalogException none = assertThrows(CatalogException.class, () -> ReleaseCatalog.locate(null, empty));
    assertTrue(none.getMessage().contains("pass --catalog FILE"), none.getMessage());
    CatalogException missing = assertThrows(CatalogException.class, () -> ReleaseCatalog.locate(Path.of("nope.yaml"), dir));
    assertTrue(missing.getMessage().contains("nope.yaml"), missing.getMessage());
  }

  @Test
  void hugeFilesAreNotParsed() throws Exception {
    Path file = Files.write(dir.resolve("big.yaml"), new byte[CatalogReader.MAX_BYTES + 1]);
    CatalogException e = assertThrows(CatalogException.class, () -> ReleaseCatalog.load(file));
    assertTrue(e.getMessage().contains("larger than 4194304 bytes"), e.getMessage());
  }

  @Test
  void filesJustUnderTheCapAreRead() throws Exception {
    StringBuilder yaml = new StringBuilder("releases:\n  - version: 1.0.0\n    images:\n      a: a.io/a:1\n");
    String filler = "# " + "x".repeat(1000) + "\n";
    while (yaml.length() + filler.length() < CatalogReader.MAX_BYTES - 10) {
      yaml.append(filler);
    }
    Path file = Files.writeString(dir.resolve("large.yaml"), yaml);
    assertEquals(1, ReleaseCatalog.load(file).releases().size());
  }

  private static List<String> versions(List<Release> releases) {
    return releases.stream().map(r -> r.version().toString()).toList();
  }
}
