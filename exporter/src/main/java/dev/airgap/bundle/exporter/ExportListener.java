package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Digest;

/** Progress of an export, as events. Every method has a no-op default; calls come from many threads. */
public interface ExportListener {
  ExportListener NONE = new ExportListener() {};

  /** A reference was resolved to a digest. */
  default void resolved(RequestedImage image, Digest digest) {}

  /** All blobs are known: how many and how many bytes must be fetched, how many are cached. */
  default void planned(int blobs, long bytes, int cachedBlobs, long cachedBytes) {}

  /** A blob download starts. */
  default void fetchStarted(Digest digest, long size) {}

  /** Bytes of a blob arrived. */
  default void fetchProgress(Digest digest, long bytes) {}

  /** A blob is verified and in the cache. */
  default void fetchDone(Digest digest) {}

  /** Writing the archive starts; {@code bytes} uncompressed content bytes will follow. */
  default void writeStarted(long bytes) {}

  /** Content bytes were written into the archive. */
  default void writeProgress(long bytes) {}
}
