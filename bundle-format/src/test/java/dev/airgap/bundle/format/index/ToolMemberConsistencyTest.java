package dev.airgap.bundle.format.index;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The members outside the OCI layout an index may list: the carried tool, after all others. */
class ToolMemberConsistencyTest {
  private static final Digest TOOL = Digest.sha256("tool".getBytes());

  private static BundleIndex withMembers(List<MemberEntry> members) {
    BundleIndex s = BundleIndexJsonTest.sample();
    return new BundleIndex(1, s.bundleId(), s.channel(), s.sequence(), s.created(), null, s.toolVersion(), null,
        s.selection(), s.releases(), s.images(), s.blobs(), members);
  }

  private static List<MemberEntry> sampleMembersPlus(MemberEntry... extra) {
    List<MemberEntry> members = new ArrayList<>(BundleIndexJsonTest.sample().members());
    members.addAll(List.of(extra));
    return members;
  }

  @Test
  void theReleaseArchiveAsTheLastMemberIsConsistent() {
    IndexConsistency.check(withMembers(sampleMembersPlus(new MemberEntry("tool/bundle-1.2.0-linux-x64.tar.gz", TOOL, 4))));
  }

  @Test
  void aToolMemberThatIsNotLastIsRefused() {
    List<MemberEntry> members = sampleMembersPlus();
    members.add(2, new MemberEntry("tool/bundle-1.2.0-linux-x64.tar.gz", TOOL, 4));
    var e = assertThrows(IntegrityException.class, () -> IndexConsistency.check(withMembers(members)));
    assertTrue(e.getMessage().contains("tool/bundle-1.2.0-linux-x64.tar.gz"), e.getMessage());
  }

  @Test
  void twoToolMembersAreRefused() {
    var e = assertThrows(IntegrityException.class, () -> IndexConsistency.check(withMembers(sampleMembersPlus(
        new MemberEntry("tool/bundle-1.2.0-linux-x64.tar.gz", TOOL, 4),
        new MemberEntry("tool/bundle-1.3.0-linux-x64.tar.gz", TOOL, 4)))));
    assertTrue(e.getMessage().contains("tool/bundle-1.2.0-linux-x64.tar.gz"), e.getMessage());
  }

  @Test
  void otherNamesUnderToolAreRefused() {
    for (String name : List.of("tool/run.sh", "tool/../bundle-1-linux-x64.tar.gz", "tool/bundle-1.2.0-linux-x64.tar.gz/x")) {
      var e = assertThrows(IntegrityException.class,
          () -> IndexConsistency.check(withMembers(sampleMembersPlus(new MemberEntry(name, TOOL, 4)))), name);
      assertTrue(e.getMessage().contains("not a blob of this bundle"), e.getMessage());
    }
  }

  private static MemberEntry tree(String path, boolean executable) {
    return new MemberEntry("tool/bundle-1.2.0/" + path, TOOL, 4, executable);
  }

  @Test
  void aReleaseTreeAfterEveryOtherMemberIsConsistent() {
    IndexConsistency.check(withMembers(sampleMembersPlus(
        tree("bin/bundle", true), tree("runtime/bin/java", true), tree("lib/bundle.jar", false))));
  }

  @Test
  void aToolTreeFileBetweenBlobsIsRefused() {
    List<MemberEntry> members = sampleMembersPlus(tree("lib/bundle.jar", false));
    members.add(2, tree("bin/bundle", true));
    var e = assertThrows(IntegrityException.class, () -> IndexConsistency.check(withMembers(members)));
    assertTrue(e.getMessage().contains("tool/bundle-1.2.0/bin/bundle"), e.getMessage());
  }

  @Test
  void twoReleasesInOneBundleAreRefused() {
    var e = assertThrows(IntegrityException.class, () -> IndexConsistency.check(withMembers(sampleMembersPlus(
        tree("bin/bundle", true), new MemberEntry("tool/bundle-1.3.0/bin/bundle", TOOL, 4, true)))));
    assertTrue(e.getMessage().contains("tool/bundle-1.3.0/bin/bundle"), e.getMessage());
  }

  @Test
  void aTreeAndAnArchiveTogetherAreRefused() {
    var e = assertThrows(IntegrityException.class, () -> IndexConsistency.check(withMembers(sampleMembersPlus(
        tree("bin/bundle", true), new MemberEntry("tool/bundle-1.2.0-linux-x64.tar.gz", TOOL, 4)))));
    assertTrue(e.getMessage().contains("must be the one tool member"), e.getMessage());
  }

  @Test
  void treePathsThatLeaveTheTreeAreRefused() {
    for (String name : List.of("tool/bundle-1.2.0/../x", "tool/bundle-1.2.0//x", "tool/bundle-1.2.0/./x", "tool/bundle-1.2.0/")) {
      var e = assertThrows(IntegrityException.class,
          () -> IndexConsistency.check(withMembers(sampleMembersPlus(new MemberEntry(name, TOOL, 4)))), name);
      assertTrue(e.getMessage().contains("not a blob of this bundle"), e.getMessage());
    }
  }

  @Test
  void anExecutableBlobIsRefused() {
    List<MemberEntry> members = new ArrayList<>(BundleIndexJsonTest.sample().members());
    MemberEntry blob = members.get(members.size() - 1);
    members.set(members.size() - 1, new MemberEntry(blob.name(), blob.digest(), blob.size(), true));
    var e = assertThrows(IntegrityException.class, () -> IndexConsistency.check(withMembers(members)));
    assertTrue(e.getMessage().contains("marked executable"), e.getMessage());
  }
}
