package dev.airgap.bundle.importer.report;

import dev.airgap.bundle.format.Digest;
import java.util.List;
import java.util.Objects;

/**
 * One image as it now lives on the target, for the reports clusters consume.
 *
 * @param name the catalog name (e.g. {@code etcd})
 * @param sourceRegistry the source registry host (e.g. {@code quay.io})
 * @param sourceRepository the source repository path (e.g. {@code coreos/etcd})
 * @param tag the tag set on the target (the source tag), or null for a digest-only image
 * @param digest the manifest digest, identical on both sides
 * @param targetRegistry the target registry host[:port]
 * @param targetRepository the full repository path on the target
 * @param platforms os/arch[/variant] carried
 * @param releases release versions that include the image
 * @param upstreamDigest for a filtered index (a {@code --platform} subset), the upstream index's
 *     digest that {@code digest} was derived from; null when {@code digest} is the upstream one
 */
public record ImportedImage(
    String name,
    String sourceRegistry,
    String sourceRepository,
    String tag,
    Digest digest,
    String targetRegistry,
    String targetRepository,
    List<String> platforms,
    List<String> releases,
    Digest upstreamDigest) {
  public ImportedImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sourceRegistry, "sourceRegistry");
    Objects.requireNonNull(sourceRepository, "sourceRepository");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(targetRegistry, "targetRegistry");
    Objects.requireNonNull(targetRepository, "targetRepository");
    platforms = List.copyOf(platforms);
    releases = List.copyOf(releases);
  }

  /** An image carried as it is upstream. */
  public ImportedImage(String name, String sourceRegistry, String sourceRepository, String tag, Digest digest,
      String targetRegistry, String targetRepository, List<String> platforms, List<String> releases) {
    this(name, sourceRegistry, sourceRepository, tag, digest, targetRegistry, targetRepository, platforms, releases, null);
  }

  /** {@code target/repo@sha256:…}: what a cluster should pull. */
  public String pinnedReference() {
    return targetRegistry + "/" + targetRepository + "@" + digest;
  }

  /** {@code target/repo:tag}, or null for a digest-only image. */
  public String taggedReference() {
    return tag == null ? null : targetRegistry + "/" + targetRepository + ":" + tag;
  }

  /** {@code source/repo}: what mirror configuration maps from. */
  public String sourceLocation() {
    return sourceRegistry + "/" + sourceRepository;
  }

  public String targetLocation() {
    return targetRegistry + "/" + targetRepository;
  }
}
