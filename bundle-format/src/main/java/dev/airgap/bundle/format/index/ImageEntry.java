package dev.airgap.bundle.format.index;

import dev.airgap.bundle.format.Digest;
import java.util.List;
import java.util.Objects;

/**
 * One exported image reference.
 *
 * @param name the catalog name (e.g. {@code etcd})
 * @param source the reference as the catalog wrote it, fully qualified
 * @param repository the source repository path, e.g. {@code coreos/etcd}
 * @param tag the source tag, or null for a digest-only reference
 * @param digest the digest the reference resolved to (an index or a manifest)
 * @param mediaType media type of that manifest
 * @param platforms platforms carried (empty for single-platform images without a platform)
 * @param manifests every manifest digest this image needs, the top one first
 * @param releases versions that include this image
 * @param upstreamDigest the digest the source reference resolved to upstream, when the image is
 *     carried as a filtered index ({@code --platform} kept only some children) and so under a
 *     digest of its own; null when {@code digest} is the upstream digest
 */
public record ImageEntry(
    String name,
    String source,
    String repository,
    String tag,
    Digest digest,
    String mediaType,
    List<String> platforms,
    List<Digest> manifests,
    List<String> releases,
    Digest upstreamDigest) {
  public ImageEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    platforms = List.copyOf(platforms);
    manifests = List.copyOf(manifests);
    releases = List.copyOf(releases);
    if (digest.equals(upstreamDigest)) {
      upstreamDigest = null; // carried as it is upstream: nothing to record
    }
  }

  /** Whether the image is a filtered index: a document derived from the upstream one. */
  public boolean filtered() {
    return upstreamDigest != null;
  }
}
