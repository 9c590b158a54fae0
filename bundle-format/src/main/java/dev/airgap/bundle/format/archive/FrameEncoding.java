package dev.airgap.bundle.format.archive;

/** How the frames of one member are encoded (FORMAT.md §5). */
public enum FrameEncoding {
  /** Compressed with the writer's zstd level. */
  COMPRESS,
  /**
   * Stored as zstd raw blocks: no compression CPU. For content that is already compressed (gzip or
   * zstd layers), which zstd could not shrink anyway.
   */
  STORE
}
