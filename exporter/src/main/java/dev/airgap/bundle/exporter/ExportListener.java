package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.transfer.TransferListener;
import dev.airgap.bundle.format.transfer.TransferOutcome;

/**
 * Progress of an export, as events. Every method has a no-op default; calls come from many threads.
 * It is also the {@link TransferListener} of the export's copy loop: {@link #finished} once per
 * blob written into the bundle.
 */
public interface ExportListener extends TransferListener {
  ExportListener NONE = new ExportListener() {};

  /** A reference was resolved to a digest. */
  default void resolved(RequestedImage image, Digest digest) {}

  /** All blobs are known: how many and how many bytes must be fetched, how many are cached. */
  default void planned(int blobs, long bytes, int cachedBlobs, long cachedBytes) {}

  /** A blob download starts. */
  default void fetchStarted(Digest digest, long size) {}

  /** Bytes of a blob arrived. */
  default void fetchProgress(Digest digest, long bytes) {}

  /** A blob is fetched and verified (and in the cache, if there is one). */
  default void fetchDone(Digest digest) {}

  /** Writing the archive starts; {@code bytes} uncompressed content bytes will follow. */
  default void writeStarted(long bytes) {}

  /** A blob is in the bundle ({@code COPIED}: fetched now or read from the cache). */
  @Override
  default void finished(Descriptor blob, TransferOutcome outcome) {}

  /** Content bytes were written into the archive. */
  default void writeProgress(long bytes) {}
}
