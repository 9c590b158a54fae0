package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.Platform;
import java.util.List;

/**
 * A requested image after resolution: the manifest its reference names (an index or an image
 * manifest) and every manifest carried under it, top first.
 *
 * @param top the manifest carried as the image's own digest
 * @param manifests top first, then carried children (an index's selected platforms)
 * @param platforms platforms carried, as os/arch[/variant]
 */
record ResolvedImage(RequestedImage request, Manifest top, List<Manifest> manifests, List<Platform> platforms) {
  ResolvedImage {
    manifests = List.copyOf(manifests);
    platforms = List.copyOf(platforms);
  }
}
