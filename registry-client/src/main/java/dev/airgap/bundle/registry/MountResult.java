package dev.airgap.bundle.registry;

/** How a blob reached a repository. */
public enum MountResult {
  /** Linked from another repository of the same registry; no bytes were sent. */
  MOUNTED,
  /** The registry could not mount it, so the bytes were uploaded. */
  UPLOADED
}
