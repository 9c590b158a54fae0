package dev.airgap.bundle.format.index;

import java.util.List;

/** One selected release and the catalog names of its images. */
public record ReleaseEntry(String version, List<String> images) {
  public ReleaseEntry {
    images = List.copyOf(images);
  }
}
