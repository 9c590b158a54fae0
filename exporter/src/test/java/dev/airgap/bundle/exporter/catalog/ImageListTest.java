package dev.airgap.bundle.exporter.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageListTest {
  @TempDir Path dir;

  @Test
  void readsReferencesNamesAndComments() throws Exception {
    Path file = Files.writeString(dir.resolve("images.txt"), """
        # source images
        quay.io/coreos/etcd:v3.1.6

          registry.example.com:5000/team/tools/flannel:v0.7.1   # inline comment
        agent = quay.io/coreos/node-agent@sha256:%s
        nginx\r
        """.formatted("cd".repeat(32)));
    ImageList list = ImageList.load(file);
    assertEquals(List.of("etcd", "flannel", "agent", "nginx"), list.images().stream().map(NamedImage::name).toList());
    assertEquals("registry.example.com:5000/team/tools/flannel:v0.7.1", list.images().get(1).reference().toString());
    assertEquals("quay.io/coreos/node-agent", list.images().get(2).reference().toString().split("@")[0]);
    assertEquals("registry-1.docker.io/library/nginx:latest", list.images().get(3).reference().toString(),
        "Docker's defaults apply to short names");
    assertEquals(file.toString(), list.source());
  }

  @Test
  void duplicateNamesAreErrorsNamingBothLines() {
    CatalogException e = assertThrows(CatalogException.class, () -> ImageList.parse("images.txt", """
        quay.io/coreos/etcd:v3.1.6
        gcr.io/etcd-development/etcd:v3.5.0
        """));
    assertEquals("images.txt: line 2: the name 'etcd' is already used on line 1; give one of them another name "
        + "with name=reference", e.getMessage());
    // Naming one of them resolves it.
    assertEquals(2, ImageList.parse("images.txt", "quay.io/coreos/etcd:v3.1.6\netcd-new=gcr.io/etcd-development/etcd:v3.5.0\n")
        .images().size());
  }

  @Test
  void badLinesAreReportedWithTheirNumbers() {
    CatalogException e = assertThrows(CatalogException.class, () -> ImageList.parse("images.txt", """
        Bad Name=quay.io/a/b:1
        quay.io/a/b:1 extra
        ok=
        """));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("line 1: 'Bad Name' is not a valid image name"), e.getMessage());
    assertTrue(e.problems().get(1).startsWith("line 2: 'quay.io/a/b:1 extra' is not a valid image reference"), e.getMessage());
    assertTrue(e.problems().get(2).startsWith("line 3: '' is not a valid image reference"), e.getMessage());
  }

  @Test
  void anEmptyListIsAnError() {
    CatalogException e = assertThrows(CatalogException.class, () -> ImageList.parse("images.txt", "# nothing\n\n"));
    assertEquals("images.txt: the image list has no images", e.getMessage());
  }

  @Test
  void binaryFilesAreRefused() throws Exception {
    Path file = Files.write(dir.resolve("images.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
    CatalogException e = assertThrows(CatalogException.class, () -> ImageList.load(file));
    assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
  }
}
