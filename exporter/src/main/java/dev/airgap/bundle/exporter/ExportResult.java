package dev.airgap.bundle.exporter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an export produced.
 *
 * @param contentBytes bytes of all distinct manifests and blobs in the bundle
 * @param referencedBytes bytes the images reference in total, counting shared blobs per image
 * @param fetchedBytes bytes downloaded this run (the rest came from the cache)
 */
public record ExportResult(
    List<Path> files,
    String bundleId,
    int images,
    int blobs,
    long contentBytes,
    long referencedBytes,
    long fetchedBytes,
    long bundleBytes,
    boolean signed,
    Duration elapsed) {
  public ExportResult {
    files = List.copyOf(files);
  }

  /** Bytes saved by storing each shared blob once. */
  public long dedupSavedBytes() {
    return referencedBytes - contentBytes;
  }
}
