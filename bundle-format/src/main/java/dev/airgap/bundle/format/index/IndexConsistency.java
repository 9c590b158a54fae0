package dev.airgap.bundle.format.index;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that an index agrees with itself before anything acts on it: members are unique and
 * exactly the layout files plus the blobs located in the bundle (plus, last, at most one tool
 * member: the release archive from {@code export --include-tool}), every image's manifests are
 * listed, and every release names known images.
 */
public final class IndexConsistency {
  private IndexConsistency() {}

  public static void check(BundleIndex index) {
    List<String> problems = new ArrayList<>();
    Map<String, MemberEntry> members = new HashMap<>();
    for (MemberEntry m : index.members()) {
      if (members.put(m.name(), m) != null) {
        problems.add("member " + m.name() + " is listed twice");
      }
    }
    if (index.members().size() < 2
        || !index.members().get(0).name().equals(BundleIndex.OCI_LAYOUT_MEMBER)
        || !index.members().get(1).name().equals(BundleIndex.OCI_INDEX_MEMBER)) {
      problems.add("members must start with oci-layout and index.json");
    }
    Map<Digest, BlobEntry> blobs = new HashMap<>();
    Set<String> blobMembers = new HashSet<>();
    for (BlobEntry b : index.blobs()) {
      if (blobs.put(b.digest(), b) != null) {
        problems.add("blob " + b.digest() + " is listed twice");
      }
      if (b.location() == BlobEntry.Location.bundle) {
        String name = BundleIndex.blobMember(b.digest());
        blobMembers.add(name);
        MemberEntry m = members.get(name);
        if (m == null) {
          problems.add("blob " + b.digest() + " is said to be in the bundle but no member holds it");
        } else if (!m.digest().equals(b.digest()) || m.size() != b.size()) {
          problems.add("member " + name + " disagrees with blob " + b.digest() + " on digest or size");
        }
      }
    }
    List<MemberEntry> listed = index.members();
    for (int i = 0; i < listed.size(); i++) {
      MemberEntry m = listed.get(i);
      boolean layout = m.name().equals(BundleIndex.OCI_LAYOUT_MEMBER) || m.name().equals(BundleIndex.OCI_INDEX_MEMBER);
      // The tool (export --include-tool) may only be the last member, so there is at most one.
      boolean tool = BundleIndex.isToolMember(m.name()) && i == listed.size() - 1;
      if (!layout && !tool && !blobMembers.contains(m.name())) {
        problems.add("member " + m.name() + " is not a blob of this bundle"
            + (m.name().startsWith("tool/") ? " nor its one tool member (last, tool/bundle-<version>-linux-x64.tar.gz)" : ""));
      }
    }
    Set<String> imageNames = new HashSet<>();
    for (ImageEntry image : index.images()) {
      imageNames.add(image.name());
      if (image.manifests().isEmpty() || !image.manifests().get(0).equals(image.digest())) {
        problems.add("image " + image.name() + " must list its own digest as its first manifest");
      }
      for (Digest d : image.manifests()) {
        BlobEntry b = blobs.get(d);
        if (b == null || b.kind() != BlobEntry.Kind.manifest) {
          problems.add("image " + image.name() + " needs manifest " + d + " which is not listed");
        }
      }
    }
    for (ReleaseEntry release : index.releases()) {
      for (String name : release.images()) {
        if (!imageNames.contains(name)) {
          problems.add("release " + release.version() + " names unknown image " + name);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IntegrityException("bundle.json is inconsistent: " + String.join("; ",
          problems.size() > 10 ? problems.subList(0, 10) : problems)
          + (problems.size() > 10 ? "; and " + (problems.size() - 10) + " more" : ""));
    }
  }
}
