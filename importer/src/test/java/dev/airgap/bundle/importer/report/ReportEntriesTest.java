package dev.airgap.bundle.importer.report;

import static dev.airgap.bundle.importer.report.Fixtures.image;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReportEntriesTest {

  private static List<String> keys(List<ReportEntry> entries) {
    return entries.stream().map(ReportEntry::key).toList();
  }

  private static ReportEntry byKey(List<ReportEntry> entries, String key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void highestReleaseKeepsThePlainNameOthersGetTheirRelease() {
    List<ReportEntry> entries = ReportEntries.of(List.of(
        image("etcd", "coreos/etcd", "v3.5.9", "1.9.0"),
        image("etcd", "coreos/etcd", "v3.5.12", "1.10.0"),
        image("etcd", "coreos/etcd", "v3.6.0-rc.1", "1.10.0-rc.1")));

    assertEquals(List.of("etcd", "etcd@1.10.0-rc.1", "etcd@1.9.0"), keys(entries));
    // 1.10.0 > 1.10.0-rc.1 > 1.9.0: release order, not text order.
    assertEquals("quay-lab.example.com/mirror/coreos/etcd:v3.5.12", byKey(entries, "etcd").tagged());
    assertEquals("quay-lab.example.com/mirror/coreos/etcd:v3.5.9", byKey(entries, "etcd@1.9.0").tagged());
  }

  @Test
  void theSameImageInSeveralReleasesIsOneEntry() {
    ImportedImage a = image("etcd", "coreos/etcd", "v3.5.9", "1.2.0");
    ImportedImage b = new ImportedImage(a.name(), a.sourceRegistry(), a.sourceRepository(), a.tag(), a.digest(),
        a.targetRegistry(), a.targetRepository(), List.of("linux/arm64", "linux/amd64"), List.of("1.10.0", "1.3.0"));

    List<ReportEntry> entries = ReportEntries.of(List.of(b, a));

    assertEquals(List.of("etcd"), keys(entries));
    assertEquals(List.of("1.2.0", "1.3.0", "1.10.0"), entries.get(0).releases());
    assertEquals(List.of("linux/amd64", "linux/arm64"), entries.get(0).platforms());
  }

  @Test
  void imagesWithoutReleasesAreKeyedByDigest() {
    ImportedImage a = image("tool", "org/tool", "1");
    ImportedImage b = image("tool", "org/tool", "2");
    List<ReportEntry> entries = ReportEntries.of(List.of(a, b));

    // Neither has a release; the tie is broken by reference, and the other is keyed by digest.
    ReportEntry plain = byKey(entries, "tool");
    ImportedImage other = plain.pinned().equals(a.pinnedReference()) ? b : a;
    assertEquals(List.of("tool", "tool@" + other.digest()), keys(entries));
  }

  @Test
  void suffixedKeysNeverTakeAPlainName() {
    // A catalog name that looks like a suffixed key keeps it; the generated key moves aside.
    List<ReportEntry> entries = ReportEntries.of(List.of(
        image("etcd@1.0.0", "other/etcd", "x", "1.0.0"),
        image("etcd", "coreos/etcd", "a", "1.0.0"),
        image("etcd", "coreos/etcd", "b", "2.0.0")));

    assertEquals(List.of("etcd", "etcd@1.0.0", "etcd@1.0.0#2"), keys(entries));
    assertEquals("quay.io/other/etcd:x", byKey(entries, "etcd@1.0.0").source());
  }

  @Test
  void inputOrderDoesNotMatter() {
    List<ImportedImage> images = new ArrayList<>(List.of(
        image("etcd", "coreos/etcd", "a", "1.0.0"),
        image("etcd", "coreos/etcd", "b", "2.0.0"),
        image("etcd", "coreos/etcd", "c", "3.0.0-beta"),
        image("dns", "coredns/coredns", "1.11", "1.0.0", "2.0.0"),
        image("tool", "org/tool", "1"),
        image("tool", "org/tool", "2")));
    List<ReportEntry> expected = ReportEntries.of(images);
    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(images, random);
      assertEquals(expected, ReportEntries.of(images));
    }
  }

  @Test
  void releaseOrderIsSemverLike() {
    List<String> versions = new ArrayList<>(List.of("1.10.0", "1.9.0", "1.10.0-rc.1", "1.10.0-alpha", "1.10.0-rc.2",
        "1.10.0-rc.10", "2", "not-a-version", "1.10.0-1"));
    versions.sort(ReleaseOrder.INSTANCE);
    assertEquals(List.of("not-a-version", "1.9.0", "1.10.0-1", "1.10.0-alpha", "1.10.0-rc.1", "1.10.0-rc.2",
        "1.10.0-rc.10", "1.10.0", "2"), versions);
  }
}
