package dev.airgap.bundle.exporter.catalog;

import dev.airgap.bundle.format.ImageRef;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One image of a release under its key: {@code etcd: quay.io/coreos/etcd:v3.1.6}. The key names the
 * image in reports and target repository templates ({@code {key}}), so it is kept path-safe.
 */
public record NamedImage(String name, ImageRef reference) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  public NamedImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reference, "reference");
    if (!isValidName(name)) {
      throw new IllegalArgumentException("'" + name + "' is not a valid image name (lowercase letters, digits, "
          + "'.', '_' and '-', starting with a letter or digit)");
    }
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
