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
 * exactly the layout files plus the blobs located in the bundle (plus, after them, the tool from
 * {@code export --include-tool}: one release tree, or in bundles written before it one release
 * archive), every image's manifests are listed, and every release names known images.
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
    checkToolMembers(index.members(), blobMembers, problems);
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

  /**
   * Tool members come after every other member (so importers and readers of the images never
   * meet them between blobs) and form one release: the files of one {@code tool/bundle-<v>/}
   * tree, or the one release archive of older bundles. Only tool-tree files may be executable.
   */
  private static void checkToolMembers(List<MemberEntry> listed, Set<String> blobMembers, List<String> problems) {
    int firstTool = listed.size();
    while (firstTool > 0 && BundleIndex.isToolMember(listed.get(firstTool - 1).name())) {
      firstTool--;
    }
    String root = null;
    for (int i = 0; i < listed.size(); i++) {
      MemberEntry m = listed.get(i);
      String name = m.name();
      boolean layout = name.equals(BundleIndex.OCI_LAYOUT_MEMBER) || name.equals(BundleIndex.OCI_INDEX_MEMBER);
      if (i < firstTool) {
        if (!layout && !blobMembers.contains(name)) {
          problems.add("member " + name + " is not a blob of this bundle"
              + (name.startsWith("tool/") ? " nor part of its tool (tool/bundle-<version>/..., after every other member)" : ""));
        } else if (m.executable()) {
          problems.add("member " + name + " is marked executable but only files of the carried tool may be");
        }
        continue;
      }
      if (BundleIndex.TOOL_ARCHIVE_MEMBER.matcher(name).matches()) {
        if (listed.size() - firstTool != 1) {
          problems.add("member " + name + " is a release archive, which must be the one tool member");
        }
        continue;
      }
      String own = BundleIndex.toolRoot(name).orElseThrow();
      if (root == null) {
        root = own;
      } else if (!root.equals(own)) {
        problems.add("member " + name + " belongs to tool " + own + " but the bundle carries tool " + root);
      }
    }
  }
}
