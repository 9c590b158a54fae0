package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;

/** Progress of an import, as events; every method has a no-op default; calls come from many threads. */
public interface ImportListener {
  ImportListener NONE = new ImportListener() {};

  /** The plan is known. */
  default void planned(ImportPlan plan) {}

  default void repositoryReady(String repository) {}

  default void blobStarted(String repository, Digest digest, long size, boolean mount) {}

  default void blobProgress(Digest digest, long bytes) {}

  default void blobDone(String repository, Digest digest) {}

  default void manifestPushed(String repository, Digest digest) {}

  default void tagSet(String repository, String tag, Digest digest) {}

  /** Something an operator should know that does not stop the import (a restored ledger, a lease taken over). */
  default void warning(String message) {}
}
