package dev.airgap.bundle.format.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An operator catalog's bundle lists thousands of images: its {@code bundle.json} (about 1.8 KB an
 * image) must fit the cap readers apply, or the export succeeds and every import refuses it.
 */
class LargeIndexTest {
  @Test
  void anIndexOfTenThousandImagesFitsTheReadersCap() {
    int n = 10_000;
    List<ImageEntry> images = new ArrayList<>();
    List<BlobEntry> blobs = new ArrayList<>();
    List<MemberEntry> members = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Digest base = Digest.sha256("base".getBytes());
    blobs.add(new BlobEntry(base, 100, "application/vnd.oci.image.layer.v1.tar+gzip", BlobEntry.Kind.layer,
        BlobEntry.Location.bundle));
    members.add(new MemberEntry(BundleIndex.blobMember(base), base, 100));
    for (int i = 0; i < n; i++) {
      String name = String.format("app-%05d", i);
      Digest manifest = Digest.sha256(("manifest " + i).getBytes());
      Digest config = Digest.sha256(("config " + i).getBytes());
      Digest layer = Digest.sha256(("layer " + i).getBytes());
      names.add(name);
      images.add(new ImageEntry(name, "registry.example.com/many/" + name + ":1.0", "many/" + name, "1.0", manifest,
          "application/vnd.oci.image.manifest.v1+json", List.of("linux/amd64"), List.of(manifest), List.of("1.0.0"),
          null));
      blobs.add(new BlobEntry(manifest, 600, "application/vnd.oci.image.manifest.v1+json", BlobEntry.Kind.manifest,
          BlobEntry.Location.bundle));
      blobs.add(new BlobEntry(config, 250, "application/vnd.oci.image.config.v1+json", BlobEntry.Kind.config,
          BlobEntry.Location.bundle));
      blobs.add(new BlobEntry(layer, 110, "application/vnd.oci.image.layer.v1.tar+gzip", BlobEntry.Kind.layer,
          BlobEntry.Location.bundle));
      for (Digest d : List.of(manifest, config, layer)) {
        members.add(new MemberEntry(BundleIndex.blobMember(d), d, 100));
      }
    }
    BundleIndex index = new BundleIndex(1, "id-1", "stable", 42, Instant.parse("2026-11-22T10:00:00Z"), null, "0.1.0",
        null, new Selection("1.x", false, List.of("1.0.0"), List.of()), List.of(new ReleaseEntry("1.0.0", names)),
        images, blobs, members);

    byte[] json = BundleIndexJson.write(index);
    assertTrue(json.length <= BundleIndexJson.MAX_BYTES,
        "bundle.json of " + n + " images is " + json.length + " bytes, over the readers' cap of "
            + BundleIndexJson.MAX_BYTES);
    assertEquals(n, BundleIndexJson.parse(json).images().size());
  }
}
