package dev.airgap.bundle.format.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleIndexJsonTest {
  private static final Digest LAYOUT = Digest.sha256("layout".getBytes());
  private static final Digest INDEX = Digest.sha256("index".getBytes());
  private static final Digest MANIFEST = Digest.sha256("manifest".getBytes());
  private static final Digest LAYER = Digest.sha256("layer".getBytes());

  static BundleIndex sample() {
    return new BundleIndex(1, "id-1", "stable", 42, Instant.parse("2026-11-22T10:00:00Z"), null, "0.1.0", null,
        new Selection("1.x", false, List.of("1.0.0"), List.of()),
        List.of(new ReleaseEntry("1.0.0", List.of("etcd"))),
        List.of(new ImageEntry("etcd", "quay.io/coreos/etcd:v3.1.6", "coreos/etcd", "v3.1.6", MANIFEST,
            "application/vnd.oci.image.manifest.v1+json", List.of("linux/amd64"), List.of(MANIFEST), List.of("1.0.0"), null)),
        List.of(new BlobEntry(MANIFEST, 8, "application/vnd.oci.image.manifest.v1+json", BlobEntry.Kind.manifest, BlobEntry.Location.bundle),
            new BlobEntry(LAYER, 5, "application/vnd.oci.image.layer.v1.tar+gzip", BlobEntry.Kind.layer, BlobEntry.Location.bundle)),
        List.of(new MemberEntry("oci-layout", LAYOUT, 6), new MemberEntry("index.json", INDEX, 5),
            new MemberEntry(BundleIndex.blobMember(MANIFEST), MANIFEST, 8), new MemberEntry(BundleIndex.blobMember(LAYER), LAYER, 5)));
  }

  @Test
  void roundTripsAndIsConsistent() {
    byte[] raw = BundleIndexJson.write(sample());
    BundleIndex back = BundleIndexJson.parse(raw);
    assertEquals(sample(), back);
    assertArrayEquals(raw, BundleIndexJson.write(back));
    IndexConsistency.check(back);
    assertTrue(new String(raw, StandardCharsets.UTF_8).contains("\"sha256:"), "digests are plain strings");
  }

  @Test
  void duplicateKeysAreRejected() {
    String json = new String(BundleIndexJson.write(sample()), StandardCharsets.UTF_8)
        .replaceFirst("\"channel\" : \"stable\",", "\"channel\" : \"stable\", \"channel\" : \"other\",");
    var e = assertThrows(IntegrityException.class, () -> BundleIndexJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("Duplicate field"), e.getMessage());
  }

  @Test
  void unknownFieldsAndOtherVersionsAreRejected() {
    String json = new String(BundleIndexJson.write(sample()), StandardCharsets.UTF_8);
    assertThrows(IntegrityException.class,
        () -> BundleIndexJson.parse(json.replaceFirst("\\{", "{ \"surprise\" : 1,").getBytes(StandardCharsets.UTF_8)));
    var e = assertThrows(IntegrityException.class,
        () -> BundleIndexJson.parse(json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2").getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  @Test
  void malformedDigestsAreRejected() {
    String json = new String(BundleIndexJson.write(sample()), StandardCharsets.UTF_8).replace(LAYER.toString(), "sha256:../../etc/passwd");
    var e = assertThrows(IntegrityException.class, () -> BundleIndexJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("not a valid digest"), e.getMessage());
  }

  @Test
  void inconsistenciesAreNamed() {
    BundleIndex s = sample();
    BundleIndex unlisted = new BundleIndex(1, s.bundleId(), s.channel(), s.sequence(), s.created(), null, s.toolVersion(), null,
        s.selection(), s.releases(), s.images(), s.blobs(),
        List.of(s.members().get(0), s.members().get(1), s.members().get(2), s.members().get(3),
            new MemberEntry("extra.txt", LAYER, 5)));
    var e = assertThrows(IntegrityException.class, () -> IndexConsistency.check(unlisted));
    assertTrue(e.getMessage().contains("extra.txt"), e.getMessage());

    BundleIndex missing = new BundleIndex(1, s.bundleId(), s.channel(), s.sequence(), s.created(), null, s.toolVersion(), null,
        s.selection(), s.releases(), s.images(), s.blobs(), s.members().subList(0, 3));
    e = assertThrows(IntegrityException.class, () -> IndexConsistency.check(missing));
    assertTrue(e.getMessage().contains(LAYER.toString()), e.getMessage());
  }

  @Test
  void executableIsWrittenOnlyWhenTrueAndOptionalWhenRead() {
    BundleIndex s = sample();
    List<MemberEntry> members = new java.util.ArrayList<>(s.members());
    members.add(new MemberEntry("tool/bundle-1.0.0/bin/bundle", LAYER, 5, true));
    BundleIndex withTool = new BundleIndex(1, s.bundleId(), s.channel(), s.sequence(), s.created(), null,
        s.toolVersion(), null, s.selection(), s.releases(), s.images(), s.blobs(), members);

    String raw = new String(BundleIndexJson.write(withTool), StandardCharsets.UTF_8);

    assertEquals(1, raw.split("\"executable\"", -1).length - 1, raw);
    assertEquals(withTool, BundleIndexJson.parse(raw.getBytes(StandardCharsets.UTF_8)));
    // A bundle written before the key existed has none at all.
    assertEquals(s, BundleIndexJson.parse(BundleIndexJson.write(s)));
  }

  @Test
  void aMemberWithAnUnknownKeyOrAWrongExecutableIsMalformed() {
    String raw = new String(BundleIndexJson.write(sample()), StandardCharsets.UTF_8);
    String layout = "\"name\" : \"oci-layout\",";
    assertTrue(raw.contains(layout), raw);
    for (String extra : List.of("\"mode\" : 493,", "\"executable\" : \"yes\",")) {
      String edited = raw.replace(layout, layout + extra);
      var e = assertThrows(IntegrityException.class, () -> BundleIndexJson.parse(edited.getBytes(StandardCharsets.UTF_8)));
      assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }
  }
}
