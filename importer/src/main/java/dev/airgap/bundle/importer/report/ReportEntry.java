package dev.airgap.bundle.importer.report;

import java.util.List;

/**
 * One image as the reports list it: under a unique {@code key} (see {@link ReportEntries} for
 * the rule), with its references already spelled out.
 *
 * @param key the catalog name, or {@code name@release} when the name is taken (see {@link
 *     ReportEntries})
 * @param name the catalog name
 * @param pinned {@code target/repo@digest}
 * @param tagged {@code target/repo:tag}, or null for a digest-only image
 * @param source {@code source/repo:tag} (or {@code @digest} without a tag), Docker Hub normalised
 * @param platforms sorted
 * @param releases sorted by release order, lowest first
 */
record ReportEntry(
    String key,
    String name,
    String pinned,
    String tagged,
    String source,
    List<String> platforms,
    List<String> releases) {
  ReportEntry {
    platforms = List.copyOf(platforms);
    releases = List.copyOf(releases);
  }

  /** The highest release that includes this image, or null when it came without releases. */
  String highestRelease() {
    return releases.isEmpty() ? null : releases.get(releases.size() - 1);
  }
}
