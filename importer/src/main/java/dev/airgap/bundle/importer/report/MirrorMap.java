package dev.airgap.bundle.importer.report;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Source repository to target repositories, the mapping that IDMS and registries.conf express
 * one repository at a time (which is why they work whatever the repository template did).
 */
final class MirrorMap {
  private MirrorMap() {}

  /**
   * Normalised source locations ({@code quay.io/coreos/etcd}, {@code docker.io/library/nginx}),
   * sorted, each with its target locations, sorted. A source repository usually has one target;
   * a template using {@code {key}} can give it several, and each becomes a mirror.
   */
  static SortedMap<String, SortedSet<String>> of(List<ImportedImage> images) {
    SortedMap<String, SortedSet<String>> map = new TreeMap<>();
    for (ImportedImage image : images) {
      String source = SourceNames.location(image);
      String target = image.targetLocation();
      // A repository that already lives on the target needs no rule; a mirror of itself is noise.
      if (!source.equals(target)) {
        map.computeIfAbsent(source, s -> new TreeSet<>()).add(target);
      }
    }
    return Collections.unmodifiableSortedMap(map);
  }
}
