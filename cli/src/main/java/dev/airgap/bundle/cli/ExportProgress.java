package dev.airgap.bundle.cli;

import dev.airgap.bundle.exporter.ExportListener;
import dev.airgap.bundle.exporter.RequestedImage;
import dev.airgap.bundle.format.Digest;

/** Shows an export's events through the console's progress renderer. */
final class ExportProgress implements ExportListener {
  private final Progress progress;

  ExportProgress(Progress progress) {
    this.progress = progress;
  }

  @Override
  public void resolved(RequestedImage image, Digest digest) {
    progress.skipped("resolve " + image.source(), image.source(), -1, "resolved to " + digest);
  }

  @Override
  public void planned(int blobs, long bytes, int cachedBlobs, long cachedBytes) {
    if (cachedBlobs > 0) {
      progress.skipped("cache", cachedBlobs + " blobs", cachedBytes, "already in the cache");
    }
  }

  @Override
  public void fetchStarted(Digest digest, long size) {
    progress.started(digest.toString(), "fetch " + shortName(digest), size);
  }

  @Override
  public void fetchProgress(Digest digest, long bytes) {
    progress.bytes(digest.toString(), bytes);
  }

  @Override
  public void fetchDone(Digest digest) {
    progress.done(digest.toString());
  }

  @Override
  public void writeStarted(long bytes) {
    progress.started("write", "write bundle", bytes);
  }

  @Override
  public void writeProgress(long bytes) {
    progress.bytes("write", bytes);
  }

  void finished() {
    progress.done("write");
  }

  private static String shortName(Digest digest) {
    return digest.algorithm() + ":" + digest.hex().substring(0, 12);
  }
}
