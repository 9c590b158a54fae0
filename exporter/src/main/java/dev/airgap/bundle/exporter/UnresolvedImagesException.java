package dev.airgap.bundle.exporter;

import dev.airgap.bundle.registry.RegistryException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Images of the selection that the upstream registries could not resolve (no such repository, tag
 * or digest, or access denied). Every one is named, so a catalog is fixed in one pass; nothing
 * was written when this is thrown.
 */
public final class UnresolvedImagesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One image and why its registry refused to resolve it. */
  public record Failure(RequestedImage image, RegistryException reason) {}

  private final transient List<Failure> failures;

  public UnresolvedImagesException(List<Failure> failures) {
    super(message(failures), failures.get(0).reason());
    this.failures = List.copyOf(failures);
  }

  public List<Failure> failures() {
    return failures;
  }

  private static String message(List<Failure> failures) {
    return failures.size() + (failures.size() == 1 ? " image" : " images") + " could not be resolved upstream, so"
        + " nothing was written: " + failures.stream().map(UnresolvedImagesException::describe).collect(Collectors.joining("; "));
  }

  private static String describe(Failure f) {
    RequestedImage image = f.image();
    String releases = switch (image.releases().size()) {
      case 0 -> "";
      case 1 -> " (release " + image.releases().get(0) + ")";
      default -> " (releases " + String.join(", ", image.releases()) + ")";
    };
    // A registry error names the operation and the full reference already.
    return image.name() + releases + ": " + strip(f.reason().getMessage());
  }

  private static String strip(String message) {
    String m = message == null ? "refused" : message.strip();
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }
}
