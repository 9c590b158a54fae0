package dev.airgap.bundle.exporter.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples in samples/ stay valid as the formats evolve. */
class SamplesTest {
  private static final Path SAMPLES = Path.of("").toAbsolutePath().getParent().resolve("samples");

  @Test
  void sampleCatalogParses() throws Exception {
    ReleaseCatalog catalog = ReleaseCatalog.load(SAMPLES.resolve("releases.example.yaml"));
    assertEquals(List.of("1.0.0", "1.1.0-rc.1", "1.1.0", "1.10"), catalog.versions().stream().map(Version::toString).toList());
    assertEquals(List.of("1.10"), catalog.select(ReleaseSelector.parse("1.x"), true).stream()
        .map(r -> r.version().toString()).toList());
    assertEquals(List.of("etcd", "flannel", "node-agent", "dashboard"),
        catalog.releases().get(3).images().stream().map(NamedImage::name).toList());
  }

  @Test
  void sampleImageListParses() throws Exception {
    ImageList list = ImageList.load(SAMPLES.resolve("images.example.txt"));
    assertEquals(List.of("etcd", "flannel", "agent"), list.images().stream().map(NamedImage::name).toList());
  }
}
