package dev.airgap.bundle.exporter.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One release of the catalog: its version and its images, in the order the catalog lists them. */
public record Release(Version version, List<NamedImage> images) {
  public Release {
    Objects.requireNonNull(version, "version");
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("release " + version + " has no images");
    }
    Set<String> names = new HashSet<>();
    for (NamedImage image : images) {
      if (!names.add(image.name())) {
        throw new IllegalArgumentException("release " + version + " lists the image '" + image.name() + "' twice");
      }
    }
  }

  public Optional<NamedImage> image(String name) {
    return images.stream().filter(i -> i.name().equals(name)).findFirst();
  }
}
