package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.ImageRef;
import java.util.List;
import java.util.Objects;

/** An image the user asked for: its catalog name, its reference, and the releases naming it. */
public record RequestedImage(String name, ImageRef ref, String source, List<String> releases) {
  public RequestedImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(source, "source");
    releases = List.copyOf(releases);
  }
}
