package dev.airgap.bundle.format.index;

import java.util.List;

/**
 * What the user selected: a release expression (or an image list file), whether only the latest
 * match was kept, the versions it matched, and the platform filter.
 */
public record Selection(String expression, boolean latest, List<String> versions, List<String> platforms) {
  public Selection {
    versions = List.copyOf(versions);
    platforms = List.copyOf(platforms);
  }
}
