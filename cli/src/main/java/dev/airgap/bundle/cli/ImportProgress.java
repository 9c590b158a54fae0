package dev.airgap.bundle.cli;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.importer.ImportListener;
import dev.airgap.bundle.importer.ImportPlan;

/** Shows an import's events through the console's progress renderer. */
final class ImportProgress implements ImportListener {
  private final Progress progress;
  private final Console console;

  ImportProgress(Progress progress, Console console) {
    this.progress = progress;
    this.console = console;
  }

  @Override
  public void warning(String message) {
    console.note("warning: " + message);
  }

  @Override
  public void planned(ImportPlan plan) {
    long skipped = plan.count(ImportPlan.BlobAction.SKIP);
    if (skipped > 0) {
      progress.skipped("present", skipped + " blobs", plan.bytes(ImportPlan.BlobAction.SKIP), "already on the target");
    }
  }

  @Override
  public void blobStarted(String repository, Digest digest, long size, boolean mount) {
    progress.started(repository + "@" + digest, (mount ? "mount " : "push ") + repository + "@" + shortName(digest), mount ? -1 : size);
  }

  @Override
  public void blobProgress(Digest digest, long bytes) {
    progress.bytes("bytes", bytes);
  }

  @Override
  public void blobDone(String repository, Digest digest) {
    progress.done(repository + "@" + digest);
  }

  @Override
  public void tagSet(String repository, String tag, Digest digest) {
    progress.skipped("tag " + repository + ":" + tag, repository + ":" + tag, -1, "tagged " + shortName(digest));
  }

  private static String shortName(Digest digest) {
    return digest.algorithm() + ":" + digest.hex().substring(0, 12);
  }
}
