package dev.airgap.bundle.importer.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the imported images into report entries with unique keys, the same keys in {@code
 * images.json} and {@code images.auto.tfvars}.
 *
 * <p>The rule: images that agree on name, target references and source reference are one entry
 * (their releases and platforms merged). When one catalog name still has several entries — the
 * same name pinned to different digests in different releases — the entry of the <em>highest
 * release</em> keeps the plain name, so {@code .images.etcd} always answers "the newest etcd",
 * and every other entry is keyed {@code name@<its highest release>} (e.g. {@code etcd@1.2.0}).
 * An entry without releases (an {@code --images} list) uses its digest instead of a release, and
 * in the unlikely case a key is still taken, {@code #2}, {@code #3}, … is appended.
 *
 * <p>Values keep one shape (always an object, never sometimes a list) so that consumers need no
 * special case for the day a second release arrives.
 */
final class ReportEntries {
  private ReportEntries() {}

  /** The entries, sorted by key. */
  static List<ReportEntry> of(List<ImportedImage> images) {
    Map<Identity, Merged> merged = new TreeMap<>();
    for (ImportedImage image : images) {
      merged.computeIfAbsent(Identity.of(image), id -> new Merged()).add(image);
    }
    Map<String, List<ReportEntry>> byName = new TreeMap<>();
    merged.forEach((id, m) -> byName.computeIfAbsent(id.name(), n -> new ArrayList<>()).add(m.entry(id)));

    Set<String> used = new HashSet<>();
    Map<ReportEntry, String> keys = new LinkedHashMap<>();
    List<ReportEntry> rest = new ArrayList<>();
    // Plain names first, so that a suffixed key can never take another image's plain name.
    for (List<ReportEntry> group : byName.values()) {
      group.sort(NEWEST_FIRST);
      keys.put(group.get(0), group.get(0).name());
      used.add(group.get(0).name());
      rest.addAll(group.subList(1, group.size()));
    }
    for (ReportEntry e : rest) {
      String suffix = e.highestRelease() != null ? e.highestRelease() : digestOf(e.pinned());
      String key = e.name() + "@" + suffix;
      for (int n = 2; used.contains(key); n++) {
        key = e.name() + "@" + suffix + "#" + n;
      }
      used.add(key);
      keys.put(e, key);
    }
    List<ReportEntry> out = new ArrayList<>();
    keys.forEach((e, key) -> out.add(new ReportEntry(key, e.name(), e.pinned(), e.tagged(), e.source(),
        e.platforms(), e.releases())));
    out.sort(Comparator.comparing(ReportEntry::key));
    return out;
  }

  /** Highest release first; entries without releases last; then by reference, for stability. */
  private static final Comparator<ReportEntry> NEWEST_FIRST = Comparator
      .comparing(ReportEntry::highestRelease, Comparator.nullsLast(ReleaseOrder.INSTANCE.reversed()))
      .thenComparing(ReportEntry::pinned)
      .thenComparing(ReportEntry::source)
      .thenComparing(ReportEntry::tagged, Comparator.nullsFirst(Comparator.naturalOrder()));

  private static String digestOf(String pinned) {
    return pinned.substring(pinned.lastIndexOf('@') + 1);
  }

  /** What makes two imported images the same report entry. */
  private record Identity(String name, String pinned, String tagged, String source) implements Comparable<Identity> {
    static Identity of(ImportedImage image) {
      String source = SourceNames.location(image)
          + (image.tag() != null ? ":" + image.tag() : "@" + image.digest());
      return new Identity(image.name(), image.pinnedReference(), image.taggedReference(), source);
    }

    private static final Comparator<Identity> ORDER = Comparator.comparing(Identity::name)
        .thenComparing(Identity::pinned)
        .thenComparing(Identity::source)
        .thenComparing(Identity::tagged, Comparator.nullsFirst(Comparator.naturalOrder()));

    @Override
    public int compareTo(Identity o) {
      return ORDER.compare(this, o);
    }
  }

  private static final class Merged {
    private final Set<String> platforms = new TreeSet<>();
    private final Set<String> releases = new TreeSet<>(ReleaseOrder.INSTANCE);

    void add(ImportedImage image) {
      platforms.addAll(image.platforms());
      releases.addAll(image.releases());
    }

    ReportEntry entry(Identity id) {
      return new ReportEntry(id.name(), id.name(), id.pinned(), id.tagged(), id.source(),
          List.copyOf(platforms), List.copyOf(releases));
    }
  }
}
