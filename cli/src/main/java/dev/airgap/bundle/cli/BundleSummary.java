package dev.airgap.bundle.cli;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.ImageEntry;
import dev.airgap.bundle.format.index.ReleaseEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code bundle inspect FILE} shows: releases, images, sizes before and after dedup, signature. */
final class BundleSummary {
  private BundleSummary() {}

  /**
   * @param verified whether the signature over bundle.json was checked (or explicitly waived) before
   *     it was parsed; without that, everything shown is the file's unchecked claim
   */
  static Map<String, Object> of(BundleIndex index, BundleArchive archive, String signature, boolean verified)
      throws IOException {
    Map<Digest, BlobEntry> blobs = new HashMap<>();
    index.blobs().forEach(b -> blobs.put(b.digest(), b));
    long content = index.blobs().stream().filter(b -> b.location() == BlobEntry.Location.bundle).mapToLong(BlobEntry::size).sum();
    long referenced = 0;
    List<Map<String, Object>> images = new ArrayList<>();
    for (ImageEntry image : index.images()) {
      Set<Digest> used = new HashSet<>();
      for (Digest d : image.manifests()) {
        used.add(d);
        BlobEntry entry = blobs.get(d);
        if (entry != null && entry.location() == BlobEntry.Location.bundle && !isIndex(entry)) {
          ManifestSummary s = Manifest.of(archive.readMember(BundleIndex.blobMember(d), ManifestSummary.MAX_MANIFEST_BYTES),
              entry.mediaType()).summary();
          if (s.config() != null) {
            used.add(s.config().digest());
          }
          s.layers().forEach(l -> used.add(l.digest()));
        }
      }
      long size = used.stream().map(blobs::get).filter(b -> b != null).mapToLong(BlobEntry::size).sum();
      referenced += size;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", image.name());
      m.put("source", image.source());
      m.put("digest", image.digest().toString());
      if (image.filtered()) {
        m.put("upstreamDigest", image.upstreamDigest().toString());
      }
      m.put("platforms", image.platforms());
      m.put("bytes", size);
      m.put("releases", image.releases());
      images.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("verified", verified);
    out.put("bundleId", index.bundleId());
    out.put("channel", index.channel());
    out.put("sequence", index.sequence());
    out.put("created", index.created().toString());
    out.put("expires", index.expires() == null ? null : index.expires().toString());
    out.put("base", index.base());
    out.put("signature", signature);
    out.put("selection", index.selection().expression());
    out.put("releases", index.releases().stream().map(ReleaseEntry::version).toList());
    out.put("images", images);
    out.put("blobs", index.blobs().size());
    out.put("bytesBeforeDedup", referenced);
    out.put("bytesAfterDedup", content);
    out.put("toolVersion", index.toolVersion());
    return out;
  }

  private static boolean isIndex(BlobEntry entry) {
    return dev.airgap.bundle.format.MediaTypes.isIndex(entry.mediaType());
  }

  /** Every value from the bundle goes through {@link Printable}: the file chose those bytes. */
  @SuppressWarnings("unchecked")
  static void print(PrintWriter out, Map<String, Object> s) {
    if (!Boolean.TRUE.equals(s.get("verified"))) {
      out.println("UNVERIFIED: nothing below was checked against a signature (pass --trust KEY.pub to check it);"
          + " control characters are shown escaped");
    }
    out.println("bundle " + Printable.of(s.get("bundleId")) + "  channel " + Printable.of(s.get("channel")) + "  sequence "
        + s.get("sequence"));
    out.println("  created " + s.get("created") + (s.get("expires") != null ? ", expires " + s.get("expires") : "")
        + (s.get("base") != null ? ", delta against " + Printable.of(s.get("base")) : ""));
    out.println("  signature: " + s.get("signature"));
    out.println("  selection " + Printable.of(s.get("selection")) + " matched releases " + Printable.of(s.get("releases")));
    out.println("  images:");
    for (Map<String, Object> image : (List<Map<String, Object>>) s.get("images")) {
      List<String> platforms = (List<String>) image.get("platforms");
      out.println("    " + Printable.of(image.get("name")) + "  " + Printable.of(image.get("source")) + "  "
          + image.get("digest") + (platforms.isEmpty() ? "" : "  " + Printable.of(String.join(",", platforms)))
          + "  " + ByteSizes.human((Long) image.get("bytes")));
      if (image.get("upstreamDigest") != null) {
        out.println("      a filtered index (only the selected platforms), filtered from " + image.get("upstreamDigest"));
      }
    }
    out.println("  " + s.get("blobs") + " blobs: " + ByteSizes.human((Long) s.get("bytesBeforeDedup")) + " referenced, "
        + ByteSizes.human((Long) s.get("bytesAfterDedup")) + " stored once each");
  }
}
