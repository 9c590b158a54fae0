package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.Platform;
import java.util.List;

/**
 * A requested image after resolution: the manifest carried as the image (an index, possibly
 * filtered, or an image manifest) and every manifest carried under it, top first.
 *
 * @param top the manifest carried as the image's own digest
 * @param manifests top first, then carried children at every depth
 * @param platforms platforms carried, as os/arch[/variant]
 * @param upstreamDigest the upstream index's digest when {@code top} is a filtered index, else null
 */
record ResolvedImage(RequestedImage request, Manifest top, List<Manifest> manifests, List<Platform> platforms,
    Digest upstreamDigest) {
  ResolvedImage {
    manifests = List.copyOf(manifests);
    platforms = List.copyOf(platforms);
  }
}
