package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.importer.report.ImportedImage;
import java.util.List;

/**
 * What an import will do, decided from what the target already holds. Printed as is by {@code
 * --dry-run}; executed in order: repositories, uploads, mounts, manifests (children first), tags.
 */
public record ImportPlan(
    String target,
    List<String> repositories,
    List<BlobStep> blobs,
    List<ManifestStep> manifests,
    List<TagStep> tags,
    List<ImportedImage> images) {

  public ImportPlan {
    repositories = List.copyOf(repositories);
    blobs = List.copyOf(blobs);
    manifests = List.copyOf(manifests);
    tags = List.copyOf(tags);
    images = List.copyOf(images);
  }

  public enum BlobAction { UPLOAD, MOUNT, SKIP }

  public enum TagAction { CREATE, MOVE, KEEP }

  /** A blob a repository needs; {@code from} names the repository a mount links it from. */
  public record BlobStep(String repository, Digest digest, long size, BlobAction action, String from) {}

  /**
   * A manifest a repository needs, pushed by digest unless {@code present}. {@code height} is 0
   * for an image manifest and above every child for an index: steps are pushed in ascending
   * height, so an index of indexes finds its children in place at every depth.
   */
  public record ManifestStep(String repository, Digest digest, String mediaType, int height, boolean present) {
    public boolean index() {
      return height > 0;
    }
  }

  /** A tag and what it points at now ({@code current}, null when absent). */
  public record TagStep(String repository, String tag, Digest digest, Digest current, TagAction action) {}

  public long bytes(BlobAction action) {
    return blobs.stream().filter(b -> b.action() == action).mapToLong(BlobStep::size).sum();
  }

  public long count(BlobAction action) {
    return blobs.stream().filter(b -> b.action() == action).count();
  }

  public long manifestsToPush() {
    return manifests.stream().filter(m -> !m.present()).count();
  }

  public long count(TagAction action) {
    return tags.stream().filter(t -> t.action() == action).count();
  }

  /** Nothing to send: a re-run of a completed import. */
  public boolean isNoop() {
    return count(BlobAction.UPLOAD) == 0 && count(BlobAction.MOUNT) == 0 && manifestsToPush() == 0
        && count(TagAction.CREATE) == 0 && count(TagAction.MOVE) == 0;
  }
}
